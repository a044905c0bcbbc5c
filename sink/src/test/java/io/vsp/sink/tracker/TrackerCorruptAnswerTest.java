package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.Reason;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.time.Duration;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The detector answers a frames record that named no camera with a {@code corrupt} detections record of camera
 * "" under the frames record's key: the tracker takes it as valid (the detector broke no rule, so nothing is
 * counted) and keeps no state for it.
 */
class TrackerCorruptAnswerTest {

  @Test
  void aCorruptAnswerOfNoCameraIsNeitherCountedNorTracked() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "corrupt-answer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    InvalidRecords invalid = new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of("detections"));
    try (TopologyTestDriver driver = new TopologyTestDriver(TrackerTopology.build(Scene.defaults().tracker,
        "detections", "status", "events", Duration.ofSeconds(30), new SinkMetrics(new PrometheusRegistry(), () -> 0),
        new RecordGate(LimitsConfig.DEFAULTS, invalid)), props)) {
      TestInputTopic<String, byte[]> detections = driver.createInputTopic("detections", new StringSerializer(),
          new ByteArraySerializer());
      TestOutputTopic<String, byte[]> events = driver.createOutputTopic("events", new StringDeserializer(),
          new ByteArrayDeserializer());
      Detections answer = new Detections(1, "", "", 0, Detections.CORRUPT, Scene.ts(0), 0,
          new Detections.Frame(0, 17, 0, 0), new Detections.Model("synthetic", "onnxruntime", "fp32"),
          new Detections.Timing(0, 0, 0), List.of());
      detections.pipeInput("Not A Camera!", Json.write(answer));
      detections.pipeInput(null, Json.write(answer));

      assertThat(events.isEmpty()).isTrue();
      for (Reason reason : Reason.values()) {
        assertThat(invalid.count("detections", reason)).as(reason.label()).isZero();
      }
      KeyValueStore<String, byte[]> store = driver.getKeyValueStore(TrackerTopology.STORE);
      assertThat(store.approximateNumEntries()).isZero();
    }
  }
}
