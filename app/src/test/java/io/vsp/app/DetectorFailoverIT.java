package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.SynthSpec;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code vsp detector} processes share a stream of frames from four cameras; one is killed with
 * SIGKILL mid-stream. Read committed, every frames record has exactly one detections record: the dead
 * instance's open transaction is aborted and its partitions are processed again by the survivor.
 */
class DetectorFailoverIT {
  @TempDir
  Path dir;

  @Test
  void killedDetectorLosesNothingAndRepeatsNothing() throws Exception {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, InputType.UINT8, 4, 320), model);
    String bootstrap = KafkaBroker.shared().bootstrap();
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: eos., partitions: 4}
        detector: {metricsPort: 0, model: "%s", input: {size: 320, resize: 318}, batch: {max: 4, maxWait: 20ms}, maxFrameAge: 1h, preprocess: {threads: 2}, inflight: 2}
        """.formatted(bootstrap, model));
    KafkaTestClient.createTopic(bootstrap, "eos.frames", 4);
    byte[] jpeg = RectangleJpeg.onGrey(640, 360, new RectangleJpeg.Rect(Color.RED, 100, 80, 160, 120));

    List<JavaProcess> detectors = new ArrayList<>();
    AtomicInteger produced = new AtomicInteger();
    List<Exception> notProduced = new CopyOnWriteArrayList<>();
    int sent = 0;
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestClient.producer(bootstrap)) {
      detectors.add(detector(config, "a"));
      detectors.add(detector(config, "b"));
      long end = System.currentTimeMillis() + 30_000;
      long killAt = System.currentTimeMillis() + 12_000;
      boolean killed = false;
      int seq = 0;
      // 4 cameras at 5 fps each, for 30 s; detector a dies after 12 s
      for (long next = System.currentTimeMillis(); next < end; next += 200, seq++) {
        // pacing the load generator at the cameras' rate (not waiting for an outcome)
        java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, next - System.currentTimeMillis()) * 1_000_000);
        long ts = System.currentTimeMillis() * 1000;
        for (int cam = 0; cam < 4; cam++) {
          producer.send(KafkaTestClient.record("eos.frames", "cam" + cam, jpeg, Map.of("vsp.camera", "cam" + cam,
              "vsp.session", "1", "vsp.seq", Integer.toString(seq), "vsp.pts", Long.toString(seq * 200_000L),
              "vsp.ts", Long.toString(ts), "vsp.w", "640", "vsp.h", "360", "vsp.enc", "jpeg")),
              (metadata, e) -> {
                if (e == null) {
                  produced.incrementAndGet();
                } else {
                  notProduced.add(e);
                }
              });
          sent++;
        }
        if (!killed && System.currentTimeMillis() >= killAt) {
          detectors.get(0).sigkill();
          killed = true;
        }
      }
      producer.flush();
      // count only frames the broker acknowledged: a lost input must not be blamed on the detectors
      assertThat(notProduced).as("frames the test could not produce").isEmpty();
      assertThat(produced.get()).isEqualTo(sent);
      int frames = produced.get();
      awaitRecords(bootstrap, "eos.detections", all -> all.size() >= frames, Duration.ofSeconds(90), true);
      var detections = consumeAll(bootstrap, "eos.detections", Duration.ofSeconds(3), true);
      Map<String, Integer> perFrame = new HashMap<>();
      for (var r : detections) {
        JsonNode d = Json.read(r.value(), JsonNode.class);
        perFrame.merge(d.get("frame").get("partition").asInt() + "@" + d.get("frame").get("offset").asLong(), 1,
            Integer::sum);
      }
      assertThat(perFrame).hasSize(frames);
      assertThat(perFrame.values()).allMatch(n -> n == 1);
      assertThat(detections).hasSize(frames);
      assertThat(detectors.get(1).isAlive()).isTrue();
    } finally {
      detectors.forEach(JavaProcess::close);
    }
  }

  private JavaProcess detector(Path config, String id) {
    return JavaProcess.start(List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        List.of("detector", "--config", config.toString(), "--instance-id", id), Map.of(),
        dir.resolve("detector-" + id + ".log"));
  }
}
