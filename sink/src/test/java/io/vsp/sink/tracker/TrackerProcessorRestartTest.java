package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The processor keeps each camera's decoded tracks between records. When Kafka Streams aborts a transaction it
 * rolls the store back to the last commit and closes and re-initialises the task: the processor must then go on
 * from the rolled-back store, not from what it had decoded. Here the store is rolled back by hand around a
 * {@code close()}/{@code init()}, as Streams does; the events after it must equal those of a run never
 * interrupted.
 */
class TrackerProcessorRestartTest {
  static final int FRAMES = 40;
  static final int COMMITTED = 17; // frames 0..16 committed, 17..22 processed and then aborted
  static final int ABORTED_UNTIL = 23;

  @Test
  void afterAnAbortedTransactionTheProcessorGoesOnFromTheRolledBackStore() {
    Harness uninterrupted = new Harness();
    List<List<String>> expected = new ArrayList<>();
    for (int n = 0; n < FRAMES; n++) {
      expected.add(uninterrupted.process(n));
    }

    Harness restarted = new Harness();
    for (int n = 0; n < COMMITTED; n++) {
      restarted.process(n);
    }
    Map<String, byte[]> committed = restarted.snapshot();
    for (int n = COMMITTED; n < ABORTED_UNTIL; n++) {
      restarted.process(n);
    }
    restarted.processor.close();
    restarted.rollBackTo(committed);
    restarted.processor.init(restarted.context);
    for (int n = COMMITTED; n < FRAMES; n++) {
      assertThat(restarted.process(n)).as("events of frame %d, processed again after the abort", n)
          .isEqualTo(expected.get(n));
    }
    assertThat(expected.stream().flatMap(List::stream).filter(e -> e.contains("\"start\"")).count())
        .as("the scene starts tracks after the cut too").isGreaterThan(1);
  }

  /** Two people: one walking from frame 0, another entering at frame 20 (after the cut), both leaving at 30. */
  static List<io.vsp.common.wire.Detections.DetectedBox> objects(int n) {
    List<io.vsp.common.wire.Detections.DetectedBox> boxes = new ArrayList<>();
    if (n < 30) {
      double x = 0.05 + 0.01 * n;
      boxes.add(Scene.person(0.9, x, 0.2, x + 0.1, 0.6));
    }
    if (n >= 20 && n < 30) {
      double x = 0.8 - 0.01 * n;
      boxes.add(Scene.person(0.85, x, 0.5, x + 0.1, 0.9));
    }
    return boxes;
  }

  static final class Harness {
    final MockProcessorContext<String, byte[]> context;
    final KeyValueStore<String, byte[]> kv;
    final TrackerProcessor processor;

    Harness() {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restart-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      context = new MockProcessorContext<>(props);
      kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TrackerTopology.STORE), Serdes.String(),
          Serdes.ByteArray()).withLoggingDisabled().build();
      kv.init(context.getStateStoreContext(), kv);
      context.addStateStore(kv);
      processor = new TrackerProcessor(Scene.defaults().tracker, "status", Duration.ofSeconds(30),
          new SinkMetrics(new PrometheusRegistry(), () -> 0),
          new RecordGate(LimitsConfig.DEFAULTS, new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of())));
      processor.init(context);
    }

    List<String> process(int n) {
      context.resetForwards();
      long ms = Scene.T0.toEpochMilli() + n * Scene.FRAME_MS;
      context.setRecordMetadata("detections", Scene.PARTITION, Scene.OFFSET0 + n);
      context.setCurrentSystemTimeMs(ms);
      processor.process(new Record<>(Scene.CAMERA, Json.write(Scene.record(n,
          io.vsp.common.wire.Detections.PROCESSED, objects(n))), ms));
      return context.forwarded().stream()
          .map(f -> new String(f.record().value(), StandardCharsets.UTF_8)).toList();
    }

    Map<String, byte[]> snapshot() {
      Map<String, byte[]> copy = new TreeMap<>();
      try (var all = kv.all()) {
        all.forEachRemaining((KeyValue<String, byte[]> e) -> copy.put(e.key, e.value));
      }
      return copy;
    }

    void rollBackTo(Map<String, byte[]> entries) {
      snapshot().keySet().forEach(kv::delete);
      entries.forEach(kv::put);
    }
  }
}
