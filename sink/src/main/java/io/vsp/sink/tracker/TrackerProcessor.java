package io.vsp.sink.tracker;

import io.vsp.common.logging.BurstLog;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams task's tracking: a {@code detections} or {@code status} record of a camera → that camera's
 * {@link CameraTracks} from the state store → {@link Tracker} → {@code events} records, and the tracks back to
 * the store. Under {@code exactly_once_v2} the events, the store's changelog and the input offsets commit
 * together, so a restarted or moved task resumes exactly where the last commit left it.
 */
final class TrackerProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(TrackerProcessor.class);
  private static final BurstLog corruptLog = new BurstLog(log, 10_000);

  private final Tracker tracker;
  private final String statusTopic;
  private final SinkMetrics metrics;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> store;

  TrackerProcessor(Tracker tracker, String statusTopic, SinkMetrics metrics) {
    this.tracker = tracker;
    this.statusTopic = statusTopic;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.store = context.getStateStore(TrackerTopology.STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String camera = record.key();
    String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
    if (camera == null || record.value() == null) {
      return; // a compacted status tombstone, or a record no VSP service writes
    }
    byte[] saved = store.get(camera);
    CameraTracks tracks = saved == null ? CameraTracks.empty(camera) : CameraTracks.fromJson(saved);
    List<Event> events;
    try {
      events = topic.equals(statusTopic)
          ? tracker.onStatus(tracks, Json.read(record.value(), CameraStatus.class))
          : tracker.onDetections(tracks, Json.read(record.value(), Detections.class));
    } catch (RuntimeException e) {
      metrics.corrupt.labelValues(topic).inc();
      corruptLog.warn("skipping an unreadable {} record of camera {}: {}", topic, camera, e.getMessage());
      return;
    }
    for (Event event : events) {
      long captureMillis = Instant.parse(event.ts()).toEpochMilli();
      context.forward(new Record<>(camera, Json.write(event), captureMillis));
      metrics.eventSeen(camera, event.label());
      metrics.events.labelValues(camera, event.type(), event.label()).inc();
      metrics.eventLatencySeconds.labelValues(event.type())
          .observe(Math.max(0, System.currentTimeMillis() - captureMillis) / 1000.0);
    }
    // kept even without live tracks: the camera's clock and track numbering go on
    store.put(camera, tracks.toJson());
  }
}
