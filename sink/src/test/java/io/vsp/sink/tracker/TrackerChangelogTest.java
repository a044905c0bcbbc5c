package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the tracker topology writes to its store's changelog per processed frame (Kafka Streams' test driver,
 * which records the changelog like any output topic): the benchmark of issue 13, "changelog ≤ 2 KB per
 * processed frame with 10 live tracks". Bytes are the records' keys and values, without Kafka's batch
 * overhead. The figure is printed for docs/BENCHMARKS.md.
 */
class TrackerChangelogTest {
  static final String APP = "changelog-test";
  static final String CHANGELOG = APP + "-" + TrackerTopology.STORE + "-changelog";

  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> detections;
  TestOutputTopic<String, byte[]> changelog;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(TrackerTopology.build(Scene.defaults().tracker, "detections", "status", "events",
        Duration.ofSeconds(30), new SinkMetrics(new PrometheusRegistry(), () -> 0), new RecordGate(
            LimitsConfig.DEFAULTS, new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of()))), props,
        Instant.parse("2026-11-27T18:00:05Z"));
    detections = driver.createInputTopic("detections", new StringSerializer(), new ByteArraySerializer());
    changelog = driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** Ten people walking slowly side by side, each seen in every frame with a varying score. */
  static DetectedBox[] tenPeople(int n) {
    DetectedBox[] people = new DetectedBox[10];
    for (int i = 0; i < 10; i++) {
      double x = 0.02 + i * 0.095 + 0.0004 * n;
      double y = 0.3 + 0.001 * ((n + i) % 7);
      people[i] = Scene.person(0.8 + 0.01 * ((n * 7 + i) % 10), x, y, x + 0.06, y + 0.3);
    }
    return people;
  }

  @Test
  void tenLiveTracksWriteAtMostTwoKilobytesOfChangelogPerProcessedFrame() {
    int warmUp = 20;
    int measured = 128;
    for (int n = 0; n < warmUp; n++) {
      detections.pipeInput(Scene.CAMERA, Json.write(Scene.detections(n, tenPeople(n))));
    }
    changelog.readRecordsToList();

    for (int n = warmUp; n < warmUp + measured; n++) {
      detections.pipeInput(Scene.CAMERA, Json.write(Scene.detections(n, tenPeople(n))));
    }
    List<TestRecord<String, byte[]>> written = new ArrayList<>(changelog.readRecordsToList());
    long bytes = written.stream().mapToLong(r -> r.key().length() + (r.value() == null ? 0 : r.value().length))
        .sum();
    double perFrame = (double) bytes / measured;
    System.out.printf("changelog with 10 live tracks: %.0f bytes in %.1f records per processed frame%n", perFrame,
        (double) written.size() / measured);

    assertThat(perFrame).isLessThanOrEqualTo(2048);
  }
}
