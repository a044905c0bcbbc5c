package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vsp replay} on the real broker and ONNX Runtime (issue 14): a 60 s window of frames captured ten minutes
 * ago, replayed with a second model that never sees dogs, killed with SIGKILL mid-way and started again, ends with
 * exactly one record per frame of the window in {@code detections.<tag>}; the live topic is left as it was.
 * {@code vsp compare} of the first model's replay with itself gives precision = recall = 1, against the second
 * model recall 0 for dogs and 1 for people, and a frame missing on one side is counted.
 */
class ReplayIT {
  private static final String PREFIX = "replay.";
  private static final int CAMERAS = 4;
  private static final int FPS = 10;
  private static final int SECONDS = 100;

  @TempDir
  Path dir;

  @Test
  void killedReplayResumesWithExactlyOneRecordPerFrameOfTheWindowAndCompareReportsTheDroppedLabel() throws Exception {
    String bootstrap = KafkaBroker.shared().bootstrap();
    Path model = dir.resolve("synthetic.onnx");
    Path noDogs = dir.resolve("no-dogs.onnx");
    SynthSpec spec = new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, InputType.UINT8, 4, 320);
    ModelSynth.write(spec, model);
    ModelSynth.write(spec, Set.of("dog"), noDogs);
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: %s, partitions: 2}
        detector: {metricsPort: 0, model: "%s", input: {size: 320, resize: 318}, batch: {max: 4, maxWait: 20ms}}
        """.formatted(bootstrap, PREFIX, model));
    KafkaTestClient.createTopic(bootstrap, PREFIX + "frames", 2);
    KafkaTestClient.createTopic(bootstrap, PREFIX + "detections", 2);

    // frames captured from 10 min ago on, stamped explicitly (Kafka timestamp and vsp.ts agree, as from ingest)
    long baseMs = System.currentTimeMillis() - 600_000;
    long fromMs = baseMs + 20_000;
    long toMs = fromMs + 60_000;
    Set<String> inWindow = new HashSet<>();
    // a red rectangle (person) and a blue one (dog) on grey
    byte[] jpeg = RectangleJpeg.onGrey(640, 360, new RectangleJpeg.Rect(Color.RED, 100, 80, 160, 120),
        new RectangleJpeg.Rect(Color.BLUE, 380, 160, 140, 100));
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestClient.producer(bootstrap)) {
      for (int i = 0; i < SECONDS * FPS; i++) {
        long ts = baseMs + i * 1000L / FPS;
        for (int cam = 0; cam < CAMERAS; cam++) {
          ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(PREFIX + "frames", null, ts,
              ("cam" + cam).getBytes(), jpeg);
          Map.of("vsp.camera", "cam" + cam, "vsp.session", "1", "vsp.seq", Integer.toString(i),
                  "vsp.pts", Long.toString(i * 1_000_000L / FPS), "vsp.ts", Long.toString(ts * 1000), "vsp.w", "640",
                  "vsp.h", "360", "vsp.enc", "jpeg")
              .forEach((k, v) -> r.headers().add(k, v.getBytes()));
          acks.add(producer.send(r));
        }
      }
      // the live detections topic holds what a live detector wrote; replay must not add to it
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(PREFIX + "detections", ("cam" + i).getBytes(), ("{\"live\":" + i + "}")
            .getBytes()));
      }
      producer.flush();
    }
    for (Future<RecordMetadata> ack : acks) {
      RecordMetadata m = ack.get();
      if (m.timestamp() >= fromMs && m.timestamp() < toMs) {
        inWindow.add(m.partition() + "@" + m.offset());
      }
    }
    assertThat(inWindow).hasSize(60 * FPS * CAMERAS);
    List<String> liveBefore = values(consumeAll(bootstrap, PREFIX + "detections", Duration.ofSeconds(1), true));

    List<String> args = List.of("replay", "--config", config.toString(), "--from", Instant.ofEpochMilli(fromMs)
        .toString(), "--to", Instant.ofEpochMilli(toMs).toString(), "--model", noDogs.toString(), "--tag", "nodogs");
    String out = PREFIX + "detections.nodogs";
    try (JavaProcess first = replay(args, "first")) {
      KafkaTestClient.awaitRecords(bootstrap, out, all -> all.size() >= 300, Duration.ofSeconds(180), true);
      assertThat(first.isAlive()).as("killed mid-way: " + first.output()).isTrue();
      first.sigkill();
      first.waitFor(Duration.ofSeconds(30));
      assertThat(first.output()).contains("replaying [").doesNotContain("replay done");
    }
    try (JavaProcess second = replay(args, "second")) {
      assertThat(second.waitFor(Duration.ofSeconds(300))).as(second.output()).isZero();
      assertThat(second.output()).contains("resuming [").contains("replay done");
    }

    List<ConsumerRecord<byte[], byte[]>> replayed = consumeAll(bootstrap, out, Duration.ofSeconds(1), true);
    Map<String, Integer> perFrame = new HashMap<>();
    int dogs = 0;
    int people = 0;
    for (var r : replayed) {
      JsonSchemas.assertValid("detections", r.value());
      JsonNode d = Json.read(r.value(), JsonNode.class);
      perFrame.merge(d.get("frame").get("partition").asInt() + "@" + d.get("frame").get("offset").asLong(), 1,
          Integer::sum);
      assertThat(d.get("status").asText()).isEqualTo("processed");
      assertThat(d.get("model").get("name").asText()).isEqualTo("no-dogs");
      for (JsonNode o : d.get("objects")) {
        dogs += o.get("label").asText().equals("dog") ? 1 : 0;
        people += o.get("label").asText().equals("person") ? 1 : 0;
      }
    }
    assertThat(perFrame.keySet()).isEqualTo(inWindow);
    assertThat(perFrame.values()).allMatch(n -> n == 1);
    assertThat(replayed).hasSize(inWindow.size());
    assertThat(dogs).isZero();
    assertThat(people).isEqualTo(inWindow.size());
    assertThat(values(consumeAll(bootstrap, PREFIX + "detections", Duration.ofSeconds(1), true)))
        .isEqualTo(liveBefore);

    // vsp compare: the same window with the first model as the reference
    List<String> full = new ArrayList<>(args);
    full.set(full.indexOf(noDogs.toString()), model.toString());
    full.set(full.indexOf("nodogs"), "full");
    try (JavaProcess reference = replay(full, "full")) {
      assertThat(reference.waitFor(Duration.ofSeconds(300))).as(reference.output()).isZero();
    }
    String fullTopic = PREFIX + "detections.full";
    JsonNode itself = compare(config, fullTopic, fullTopic);
    assertThat(itself.at("/report/overall/precision").asDouble()).isEqualTo(1.0);
    assertThat(itself.at("/report/overall/recall").asDouble()).isEqualTo(1.0);
    assertThat(itself.at("/report/frames/compared").asLong()).isEqualTo(inWindow.size());

    JsonNode dropped = compare(config, fullTopic, out);
    Map<String, JsonNode> labels = new HashMap<>();
    dropped.at("/report/labels").forEach(l -> labels.put(l.get("label").asText(), l));
    assertThat(labels.keySet()).containsExactlyInAnyOrder("dog", "person");
    assertThat(labels.get("dog").get("recall").asDouble()).isZero();
    assertThat(labels.get("dog").get("objectsA").asLong()).isEqualTo(inWindow.size());
    assertThat(labels.get("person").get("recall").asDouble()).isEqualTo(1.0);
    assertThat(labels.get("person").get("precision").asDouble()).isEqualTo(1.0);
    assertThat(dropped.at("/report/frames/onlyA").asLong()).isZero();

    // one frame missing on the B side is reported, not hidden
    List<ConsumerRecord<byte[], byte[]>> all = consumeAll(bootstrap, out, Duration.ofSeconds(1), true);
    KafkaTestClient.createTopic(bootstrap, PREFIX + "detections.partial", 2);
    List<ProducerRecord<byte[], byte[]>> copy = new ArrayList<>();
    all.stream().skip(1).forEach(r -> copy.add(new ProducerRecord<>(PREFIX + "detections.partial", r.key(),
        r.value())));
    KafkaTestClient.sendAll(bootstrap, copy);
    JsonNode partial = compare(config, fullTopic, PREFIX + "detections.partial");
    assertThat(partial.at("/report/frames/onlyA").asLong()).isEqualTo(1);
    assertThat(partial.at("/report/frames/onlyB").asLong()).isZero();
    assertThat(partial.at("/report/frames/compared").asLong()).isEqualTo(inWindow.size() - 1);

    StringWriter table = new StringWriter();
    assertThat(Main.run(new PrintWriter(table), new PrintWriter(new StringWriter()), "compare", "--config",
        config.toString(), "--a", fullTopic, "--b", out)).isZero();
    assertThat(table.toString()).containsPattern("dog +" + inWindow.size() + " +0 +0 +- +0\\.000")
        .contains("frames: " + inWindow.size() + " compared, 0 only in A, 0 only in B");
  }

  private static JsonNode compare(Path config, String a, String b) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), "compare", "--config", config.toString(), "--a",
        a, "--b", b, "--json");
    assertThat(status).as(err.toString()).isZero();
    return Json.read(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), JsonNode.class);
  }

  @Test
  void windowOlderThanFramesRetentionIsRefusedNamingTheRetention() throws IOException {
    String bootstrap = KafkaBroker.shared().bootstrap();
    KafkaTestClient.createTopic(bootstrap, "replay-old.frames", 1, Map.of("retention.ms", "900000"));
    Path config = Files.writeString(dir.resolve("old.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: replay-old.}
        """.formatted(bootstrap));
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "replay", "--config",
        config.toString(), "--from", "2h", "--model", dir.resolve("none.onnx").toString(), "--tag", "old");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("vsp replay: window starts 2h ago but replay-old.frames keeps 15m "
        + "(retention.ms=900000); see docs/OPERATIONS.md 'Keeping frames longer'" + System.lineSeparator());
  }

  private JavaProcess replay(List<String> args, String name) {
    return JavaProcess.start(List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        args, Map.of(), dir.resolve("replay-" + name + ".log"));
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> r.partition() + "@" + r.offset() + " " + new String(r.value())).sorted().toList();
  }
}
