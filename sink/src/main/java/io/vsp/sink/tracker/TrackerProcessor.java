package io.vsp.sink.tracker;

import io.vsp.common.inbound.Inbound;
import io.vsp.common.logging.BurstLog;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams task's tracking: a {@code detections} or {@code status} record of a camera → that camera's
 * {@link CameraTracks} from the state store ({@link TrackStore}) → {@link Tracker} → {@code events} records, and
 * what changed back to the store. Under {@code exactly_once_v2} the events, the store's changelog and the input offsets commit
 * together, so a restarted or moved task resumes exactly where the last commit left it.
 *
 * <p>Every heartbeat (wall clock) it also ends the tracks of cameras it has heard nothing from for
 * {@code silence}: an ingest that died without an {@code offline} status would otherwise leave their events
 * open until the camera's records resume.
 */
final class TrackerProcessor implements Processor<String, byte[], String, byte[]> {
  private static final Logger log = LoggerFactory.getLogger(TrackerProcessor.class);
  private static final BurstLog unreadableLog = new BurstLog(log, 60_000);

  private final Tracker tracker;
  private final String statusTopic;
  private final Duration silence;
  private final SinkMetrics metrics;
  private final RecordGate gate;
  private final Map<String, Long> lastHeardMs = new HashMap<>(); // camera → wall clock of its last record here
  private ProcessorContext<String, byte[]> context;
  private TrackStore store;

  /** @param silence how long a camera with live tracks may send nothing before they end (3 heartbeats) */
  TrackerProcessor(Tracker tracker, String statusTopic, Duration silence, SinkMetrics metrics, RecordGate gate) {
    this.tracker = tracker;
    this.statusTopic = statusTopic;
    this.silence = silence;
    this.metrics = metrics;
    this.gate = gate;
  }

  /**
   * Called whenever Kafka Streams (re)starts the task, also after it closed it for an aborted transaction and
   * restored the store from the changelog: a new {@link TrackStore}, so no decoded state outlives the store's.
   */
  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    KeyValueStore<String, byte[]> kv = context.getStateStore(TrackerTopology.STORE);
    this.store = new TrackStore(StateEntries.of(kv), this::unreadable);
    Duration every = silence.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
        : silence.dividedBy(3);
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::endSilentCameras);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    FaultHook.throwIfTriggered("tracker");
    var meta = context.recordMetadata().orElseThrow(); // always there for a record from a source topic
    boolean status = meta.topic().equals(statusTopic);
    if (status && record.key() != null && record.value() == null) {
      return; // a compacted status topic's tombstone
    }
    Inbound in = new Inbound(meta.topic(), meta.partition(), meta.offset(), record.timestamp(), record.key(),
        record.value(), record.headers());
    // checked before anything touches the state: an invalid record is counted, logged and skipped
    if (status) {
      CameraStatus s = gate.admit(in, RecordRules::status);
      if (s != null) {
        track(s.camera(), tracks -> tracker.onStatus(tracks, s));
      }
    } else {
      Detections d = gate.admit(in, RecordRules::detections);
      if (d != null && !d.camera().isEmpty()) { // empty: the detector's answer to a frame of no camera
        track(d.camera(), tracks -> tracker.onDetections(tracks, d));
      }
    }
  }

  /** One valid record of a camera: its tracks from the store, the tracker's step, events out, changes back. */
  private void track(String camera, Function<CameraTracks, List<Event>> step) {
    lastHeardMs.put(camera, context.currentSystemTimeMs());
    CameraTracks tracks = store.load(camera);
    try {
      send(camera, step.apply(tracks));
      // kept even without live tracks: the camera's clock and track numbering go on
      store.save(tracks);
    } catch (RuntimeException e) {
      store.forget(camera); // half-stepped: read it again from the store, which Streams rolls back with the rest
      throw e;
    }
  }

  /** Suspended or closed by Kafka Streams (a rebalance, an aborted transaction): the decoded states go. */
  @Override
  public void close() {
    store = null;
  }

  /** A camera's stored state could not be read: it starts fresh (its open events never get an end). */
  private void unreadable(String camera, RuntimeException e) {
    metrics.trackerStateDropped.inc();
    unreadableLog.warn("camera {}: tracker state unreadable, starting it fresh: {}", camera, e.toString());
  }

  /** Ends the tracks of cameras silent for {@code silence}; a camera not heard since start counts from now. */
  private void endSilentCameras(long nowMs) {
    FaultHook.throwIfTriggered("tracker"); // also without input: a test can kill an idle tracker
    List<String> silent = new ArrayList<>();
    for (String camera : store.cameras()) {
      if (nowMs - lastHeardMs.computeIfAbsent(camera, c -> nowMs) >= silence.toMillis()) {
        silent.add(camera);
      }
    }
    for (String camera : silent) {
      CameraTracks tracks = store.load(camera);
      if (tracks.tracks().isEmpty()) {
        continue;
      }
      List<Event> events = tracker.onSilence(tracks, nowMs * 1000);
      log.info("camera {}: no status or detections for {} s; ended its {} event(s) as offline", camera,
          silence.toSeconds(), events.size());
      send(camera, events);
      store.save(tracks);
    }
  }

  private void send(String camera, List<Event> events) {
    for (Event event : events) {
      long captureMillis = Instant.parse(event.ts()).toEpochMilli();
      context.forward(new Record<>(camera, Json.write(event), captureMillis));
      metrics.eventSent(camera, event.type(), event.label());
      metrics.eventLatencySeconds.labelValues(event.type())
          .observe(Math.max(0, System.currentTimeMillis() - captureMillis) / 1000.0);
    }
  }
}
