package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vsp compare} on a real broker with records a stranger wrote on both sides: each bad one is counted by
 * its reason on its side and skipped, the command still compares the rest and exits 0.
 */
class CompareCommandIT {
  private static final Detections.DetectedBox PERSON = new Detections.DetectedBox("person", 0, 0.9,
      new double[] {0.1, 0.1, 0.3, 0.5});

  @TempDir
  Path dir;

  @Test
  void badRecordsOnEitherSideAreCountedByReasonAndSkipped() throws IOException {
    String bootstrap = KafkaBroker.shared().bootstrap();
    String a = "cmp.detections";
    String b = "cmp.detections.bad";
    KafkaTestClient.createTopic(bootstrap, a, 1);
    KafkaTestClient.createTopic(bootstrap, b, 1);
    String ts = Json.timestamp(Instant.now().minusSeconds(60));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(record(a, "cam", Json.write(frame(i, ts, new Detections.Timing(1, 3, 10)))));
      if (i == 2) {
        records.add(record(a, "cam", "{not json".getBytes(StandardCharsets.UTF_8)));
        records.add(record(a, "cam", Json.write(frame(i, null, new Detections.Timing(1, 3, 10))))); // no ts
        records.add(record(a, "other", Json.write(frame(i, ts, new Detections.Timing(1, 3, 10))))); // wrong key
      }
      if (i != 7) { // B lacks frame 7
        // frame 5 has no timing: compared, not timed
        records.add(record(b, "cam", Json.write(frame(i, ts, i == 5 ? null : new Detections.Timing(1, 4, 10)))));
      }
      if (i == 4) {
        records.add(record(b, "cam", "{\"v\":1}".getBytes(StandardCharsets.UTF_8))); // no status, frame...
        String badBox = new String(Json.write(frame(i + 1, ts, null)), StandardCharsets.UTF_8).replace("0.5]", "1.5]");
        records.add(record(b, "cam", badBox.getBytes(StandardCharsets.UTF_8)));
        records.add(record(b, "cam", new byte[0]));
      }
    }
    KafkaTestClient.sendAll(bootstrap, records);
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: cmp.}
        """.formatted(bootstrap));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), "compare", "--config", config.toString(),
        "--a", a, "--b", b, "--json");
    assertThat(status).as(err.toString()).isZero();
    JsonNode report = Json.read(out.toString().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("report");
    assertThat(report.at("/frames/compared").asLong()).isEqualTo(9);
    assertThat(report.at("/frames/onlyA").asLong()).isEqualTo(1);
    assertThat(report.at("/frames/onlyB").asLong()).isZero();
    assertThat(report.at("/frames/unreadableA").asLong()).isEqualTo(3);
    assertThat(report.at("/frames/unreadableB").asLong()).isEqualTo(3);
    assertThat(report.at("/skippedA/bad_json").asLong()).isEqualTo(2);
    assertThat(report.at("/skippedA/bad_key").asLong()).isEqualTo(1);
    assertThat(report.at("/skippedB/bad_json").asLong()).isEqualTo(1);
    assertThat(report.at("/skippedB/bad_box").asLong()).isEqualTo(1);
    assertThat(report.at("/skippedB/empty").asLong()).isEqualTo(1);
    assertThat(report.at("/inferMsB/frames").asLong()).isEqualTo(8);
    assertThat(report.at("/overall/recall").asDouble()).isEqualTo(1.0);
    assertThat(report.at("/pending/givenUp").asLong()).isZero();
    assertThat(report.at("/pending/limit").asLong()).isEqualTo(50_000);

    StringWriter table = new StringWriter();
    assertThat(Main.run(new PrintWriter(table), new PrintWriter(new StringWriter()), "compare", "--config",
        config.toString(), "--a", a, "--b", b)).isZero();
    assertThat(table.toString())
        .contains("skipped as invalid: A 3 (bad_key 1, bad_json 2), B 3 (bad_json 1, bad_box 1, empty 1)")
        .contains("frames: 9 compared, 1 only in A, 0 only in B");
  }

  @Test
  void aLongReferenceAgainstAShortWindowStaysUnderTheBoundByPausingTheSideAhead() throws IOException {
    // B holds only the last 200 of A's 3000 frames: read freely, all of B would wait while A reads its first 2800
    String bootstrap = KafkaBroker.shared().bootstrap();
    String a = "cmp.detections.long";
    String b = "cmp.detections.short";
    KafkaTestClient.createTopic(bootstrap, a, 1);
    KafkaTestClient.createTopic(bootstrap, b, 1);
    String ts = Json.timestamp(Instant.now().minusSeconds(60));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      records.add(record(a, "cam", Json.write(frame(i, ts, new Detections.Timing(1, 3, 10)))));
      if (i >= 2800) {
        records.add(record(b, "cam", Json.write(frame(i, ts, new Detections.Timing(1, 3, 10)))));
      }
    }
    KafkaTestClient.sendAll(bootstrap, records);
    Path config = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: "%s", topicPrefix: cmp.}
        """.formatted(bootstrap));

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), "compare", "--config", config.toString(),
        "--a", a, "--b", b, "--max-pending", "80", "--json");
    assertThat(status).as(err.toString()).isZero();
    JsonNode report = Json.read(out.toString().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("report");
    assertThat(report.at("/frames/compared").asLong()).isEqualTo(200);
    assertThat(report.at("/frames/onlyA").asLong()).isEqualTo(2800);
    assertThat(report.at("/frames/onlyB").asLong()).isZero();
    assertThat(report.at("/pending/givenUp").asLong()).isZero();
    assertThat(report.at("/pending/peak").asLong()).isBetween(1L, 60L); // 3/4 of the bound
    assertThat(err.toString()).doesNotContain("frames were still waiting");
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static Detections frame(long offset, String ts, Detections.Timing timing) {
    return new Detections(1, "cam", "1", offset, Detections.PROCESSED, ts, 0,
        new Detections.Frame(0, offset, 640, 360), new Detections.Model("m", "onnxruntime", "fp32"), timing,
        List.of(PERSON));
  }
}
