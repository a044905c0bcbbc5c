package io.vsp.sink.tracker;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drives a {@link Tracker} for camera {@code lobby} at 5 fps: frame {@code n} is captured at {@link #T0} + n ×
 * 200 ms and comes from frames record 3/(1000 + n). After every record the state is saved to a {@link TrackStore}
 * over a sorted map and loaded back from it, as the processor does (unless made {@link #inMemory()}). Every
 * event it returns has been checked against {@code config/schemas/events.json} and through a JSON round trip.
 */
final class Scene {
  static final String CAMERA = "lobby";
  static final Instant T0 = Instant.parse("2026-11-27T18:00:00Z");
  static final int PARTITION = 3;
  static final long OFFSET0 = 1000;
  static final long FRAME_MS = 200;

  final Tracker tracker;
  final TreeMap<String, byte[]> entries = new TreeMap<>();
  TrackStore store = new TrackStore(StateEntries.of(entries), (camera, e) -> {
    throw new AssertionError("unreadable state of " + camera, e);
  });
  CameraTracks state = CameraTracks.empty(CAMERA);
  private boolean readBack = true;

  Scene(SinkConfig.Tracker config, SinkConfig.Clips clips, CameraConfig camera) {
    tracker = new Tracker(config, clips, id -> id.equals(CAMERA) ? camera : null);
  }

  /** This scene keeps the state the store has decoded, as the processor does, instead of reading it back. */
  Scene keptDecoded() {
    readBack = false;
    return this;
  }

  /** This scene without store: the state stays the one object in memory. */
  Scene inMemory() {
    store = null;
    return this;
  }

  /** The store's entries now, values in Base64 (comparable with equals). */
  Map<String, String> stored() {
    Map<String, String> copy = new TreeMap<>();
    entries.forEach((key, value) -> copy.put(key, Base64.getEncoder().encodeToString(value)));
    return copy;
  }

  /** Default tracker settings (iou 0.3, maxAge 2s, minHits 2), an unknown camera (minScore 0.5). */
  static Scene defaults() {
    return new Scene(SinkConfig.Tracker.DEFAULTS, SinkConfig.Clips.DEFAULTS, null);
  }

  static Scene withCamera(CameraConfig camera) {
    return new Scene(SinkConfig.Tracker.DEFAULTS, SinkConfig.Clips.DEFAULTS, camera);
  }

  static CameraConfig camera(List<String> labels, double minScore, Map<String, List<List<Double>>> zones,
      List<List<List<Double>>> masks) {
    return new CameraConfig(CAMERA, "rtsp://192.0.2.10:554/stream1", null, null, null, true, null, null, labels,
        minScore, zones, masks);
  }

  /** An axis-parallel rectangle as config points. */
  static List<List<Double>> rect(double x1, double y1, double x2, double y2) {
    return List.of(List.of(x1, y1), List.of(x2, y1), List.of(x2, y2), List.of(x1, y2));
  }

  static DetectedBox person(double score, double x1, double y1, double x2, double y2) {
    return object("person", score, x1, y1, x2, y2);
  }

  static DetectedBox object(String label, double score, double x1, double y1, double x2, double y2) {
    return new DetectedBox(label, label.equals("person") ? 0 : 2, score, new double[] {x1, y1, x2, y2});
  }

  /** A processed frame {@code n} holding {@code objects}. */
  static Detections detections(int n, DetectedBox... objects) {
    return record(n, Detections.PROCESSED, List.of(objects));
  }

  static Detections record(int n, String status, List<DetectedBox> objects) {
    return new Detections(1, CAMERA, "1764266400123", n, status, ts(n), n * FRAME_MS * 1000,
        new Detections.Frame(PARTITION, OFFSET0 + n, 1280, 720),
        new Detections.Model("synthetic", "onnxruntime", "fp32"), new Detections.Timing(1, 2, 40), objects);
  }

  static String ts(int n) {
    return Json.timestamp(T0.plus(Duration.ofMillis(n * FRAME_MS)));
  }

  /** The event id of a track first seen in frame {@code n}. */
  static String id(int n) {
    return Event.id(CAMERA, PARTITION, OFFSET0 + n);
  }

  List<Event> frame(int n, DetectedBox... objects) {
    return feed(detections(n, objects));
  }

  List<Event> feed(Detections detections) {
    return saved(checked(tracker.onDetections(state, detections)));
  }

  List<Event> status(String cameraState, String reason, int n) {
    return status(new CameraStatus(1, CAMERA, cameraState, ts(n), reason, "w1"));
  }

  List<Event> status(CameraStatus status) {
    return saved(checked(tracker.onStatus(state, status)));
  }

  private List<Event> saved(List<Event> events) {
    if (store != null) {
      store.save(state);
      if (readBack) {
        store.forget(CAMERA); // read back from the entries, not the decoded copy the store keeps
      }
      state = store.load(CAMERA);
    }
    return events;
  }

  /** Frames {@code from}..{@code to} (inclusive) without objects; their events. */
  List<Event> emptyFrames(int from, int to) {
    List<Event> events = new ArrayList<>();
    for (int n = from; n <= to; n++) {
      events.addAll(frame(n));
    }
    return events;
  }

  private static List<Event> checked(List<Event> events) {
    for (Event event : events) {
      byte[] json = Json.write(event);
      JsonSchemas.assertValid("events", json);
      Json.read(json, Event.class); // readers can read it back
    }
    return events;
  }
}
