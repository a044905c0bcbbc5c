package io.vsp.sink.tracker;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * CPU time of the tracker's own work per camera-frame, without Kafka: {@link TrackerProcessor} (record gate,
 * tracker, store layout, events as JSON) on an in-memory store without changelog, fed what the fleet benchmark's
 * feed sends (10 objects per record, jittered by 0.2 %, 5 fps of capture time), records made before measuring.
 * Measures this thread's CPU time (ThreadMXBean), so other programs on the machine inflate it less than wall
 * time. Not a test (surefire skips it); run with the sink's test classpath:
 *
 * <pre>
 *   java -cp sink/target/test-classes:sink/target/classes:... io.vsp.sink.tracker.TrackerCpuProbe CAMERAS FRAMES FROM
 * </pre>
 *
 * measuring frames FROM..FRAMES-1 (past frame 300, 60 s of capture time, the tracks' paths stop growing as in a
 * long run; docs/BENCHMARKS.md "Tracker CPU after...").
 */
public final class TrackerCpuProbe {
  public static void main(String[] args) {
    int cameras = Integer.parseInt(args.length > 0 ? args[0] : "100");
    int frames = Integer.parseInt(args.length > 1 ? args[1] : "400");
    int from = Integer.parseInt(args.length > 2 ? args[2] : String.valueOf(frames / 4));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "probe");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    Instant t0 = Instant.now().minusMillis(200L * frames + 1000);
    MockProcessorContext<String, byte[]> context = new MockProcessorContext<>(props);
    KeyValueStore<String, byte[]> kv = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TrackerTopology.STORE),
        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
    kv.init(context.getStateStoreContext(), kv);
    context.addStateStore(kv);
    TrackerProcessor processor = new TrackerProcessor(new Tracker(io.vsp.common.config.SinkConfig.Tracker.DEFAULTS,
        io.vsp.common.config.SinkConfig.Clips.DEFAULTS, c -> null), "status", Duration.ofSeconds(30),
        new SinkMetrics(new PrometheusRegistry(), () -> 0),
        new RecordGate(LimitsConfig.DEFAULTS, new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of())));
    processor.init(context);
    String[] names = new String[cameras];
    byte[][][] records = new byte[frames][cameras][];
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < cameras; c++) {
        names[c] = String.format("cam%04d", c);
        records[f][c] = record(c, f, t0.plusMillis(200L * f));
      }
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = 0;
    for (int f = 0; f < frames; f++) {
      if (f == from) {
        cpu0 = mx.getCurrentThreadCpuTime();
      }
      for (int c = 0; c < cameras; c++) {
        context.setRecordMetadata("detections", 0, (long) f * cameras + c);
        context.setCurrentSystemTimeMs(t0.toEpochMilli() + 200L * f);
        processor.process(new Record<>(names[c], records[f][c],
            t0.toEpochMilli() + 200L * f));
      }
      context.resetForwards();
    }
    long cpu = mx.getCurrentThreadCpuTime() - cpu0;
    int measured = frames - from;
    System.out.printf("cameras %d, frames %d: %.4f ms CPU per camera-frame%n",
        cameras, measured, cpu / 1e6 / measured / cameras);
  }

  static byte[] record(int c, long seq, Instant ts) {
    List<Detections.DetectedBox> boxes = new ArrayList<>(10);
    double jitter = (seq % 2) * 0.002;
    for (int k = 0; k < 10; k++) {
      double x = 0.02 + (k % 5) * 0.19 + jitter;
      double y = 0.05 + (k / 5 % 2) * 0.45 + jitter;
      boolean person = k % 2 == 0;
      boxes.add(new Detections.DetectedBox(person ? "person" : "car", person ? 0 : 2, 0.8,
          new double[] {x, y, x + 0.12, y + 0.35}));
    }
    Detections d = new Detections(1, String.format("cam%04d", c), "1", seq, Detections.PROCESSED, Json.timestamp(ts),
        seq * 200_000, new Detections.Frame(0, seq, 640, 360), new Detections.Model("fleet", "none", "fp32"),
        new Detections.Timing(0, 0, 0), boxes);
    return Json.write(d);
  }
}
