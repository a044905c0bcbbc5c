package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.sink.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A camera whose ingest dies without an {@code offline} status: the tracker topology (Kafka Streams' test
 * driver, wall clock under the test's control) ends its events as {@code offline} once it has heard nothing
 * of the camera for three heartbeats, and not while status heartbeats still come.
 */
class TrackerSilenceTest {
  static final Duration SILENCE = Duration.ofSeconds(30); // 3 × the default 10 s heartbeat
  static final Instant WALL0 = Instant.parse("2026-11-27T18:00:05Z");

  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> detections;
  TestInputTopic<String, byte[]> status;
  TestOutputTopic<String, byte[]> events;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "silence-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(TrackerTopology.build(Scene.defaults().tracker, "detections", "status", "events",
        SILENCE, new SinkMetrics(new PrometheusRegistry(), () -> 0), new RecordGate(LimitsConfig.DEFAULTS,
            new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of()))), props, WALL0);
    detections = driver.createInputTopic("detections", new StringSerializer(), new ByteArraySerializer());
    status = driver.createInputTopic("status", new StringSerializer(), new ByteArraySerializer());
    events = driver.createOutputTopic("events", new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aSilentCamerasEventsEndAsOfflineAfterThreeHeartbeats() {
    seePersonInFrames(0, 4);
    assertThat(types()).containsExactly("start");

    driver.advanceWallClockTime(SILENCE.minusSeconds(1));
    assertThat(events.isEmpty()).as("still within three heartbeats").isTrue();
    driver.advanceWallClockTime(Duration.ofSeconds(1));

    Event end = read(events.readValue());
    assertThat(end.type()).isEqualTo("end");
    assertThat(end.endReason()).isEqualTo(Event.OFFLINE);
    assertThat(end.id()).isEqualTo(Scene.id(0));
    assertThat(end.endTs()).isEqualTo(Scene.ts(4)); // the last frame it was seen in, not when it was ended
    assertThat(Instant.parse(end.ts())).isEqualTo(WALL0.plus(SILENCE));

    driver.advanceWallClockTime(SILENCE.multipliedBy(2));
    assertThat(events.isEmpty()).as("ended once").isTrue();
  }

  @Test
  void statusHeartbeatsKeepTheEventsOfACameraWithoutDetectionsOpen() {
    seePersonInFrames(0, 4);
    assertThat(types()).containsExactly("start");

    // the detector is behind or down, the camera is fine: its ingest keeps saying so
    for (int beat = 1; beat <= 6; beat++) {
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      status.pipeInput(Scene.CAMERA, Json.write(new CameraStatus(1, Scene.CAMERA, CameraStatus.ONLINE,
          Json.timestamp(WALL0.plusSeconds(10L * beat)), "", "w1")));
    }
    assertThat(events.isEmpty()).isTrue();

    // detections resume: the track goes on
    seePersonInFrames(5, 6);
    assertThat(events.isEmpty()).isTrue();
  }

  private void seePersonInFrames(int from, int to) {
    for (int n = from; n <= to; n++) {
      detections.pipeInput(Scene.CAMERA, Json.write(Scene.detections(n, Scene.person(0.9, 0.1, 0.1, 0.3, 0.6))));
    }
  }

  private List<String> types() {
    return events.readValuesToList().stream().map(v -> read(v).type()).toList();
  }

  private static Event read(byte[] json) {
    JsonSchemas.assertValid("events", json);
    return Json.read(json, Event.class);
  }
}
