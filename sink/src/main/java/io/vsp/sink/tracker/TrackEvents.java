package io.vsp.sink.tracker;

import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.util.List;

/**
 * Writes a track's {@code events} records (SPEC §5): its state at the triggering record's capture time, with
 * boxes and scores rounded to 4 decimals (a tenth of a pixel at 4K; keeps records and state short).
 */
final class TrackEvents {
  private static final double SCALE = 10_000;

  private TrackEvents() {}

  static Event start(String camera, Track track, long ts) {
    return event(Event.START, null, camera, track, null, ts);
  }

  static Event update(String camera, Track track, long ts) {
    return event(Event.UPDATE, null, camera, track, null, ts);
  }

  /**
   * {@code path}: the track's whole path ({@link CameraTracks#pathOf}); {@code reason}: {@link Event#LOST},
   * {@link Event#OFFLINE} or {@link Event#SHUTDOWN}.
   */
  static Event end(String camera, Track track, List<Event.PathPoint> path, String reason, long ts) {
    return event(Event.END, reason, camera, track, path, ts);
  }

  /** What a {@code start} or {@code update} record told: the next update compares against it. */
  static Track.Sent sent(Track track, long ts) {
    return new Track.Sent(track.label(), track.zones(), round(track.topScore()), box(track.box()), ts);
  }

  static double round(double value) {
    return Math.round(value * SCALE) / SCALE;
  }

  /** A box as records carry it: rounded and within the frame (the schema allows only 0..1). */
  static double[] box(double[] box) {
    double[] shown = new double[4];
    for (int i = 0; i < 4; i++) {
      shown[i] = Math.max(0, Math.min(1, round(box[i])));
    }
    return shown;
  }

  private static Event event(String type, String reason, String camera, Track track, List<Event.PathPoint> path,
      long ts) {
    boolean end = Event.END.equals(type);
    String id = track.id();
    return new Event(1, id, type, reason, camera, track.number(), track.label(), round(track.score()),
        round(track.topScore()), box(track.box()), track.zones(), Json.timestampMicros(track.firstTs()),
        end ? Json.timestampMicros(track.lastTs()) : null, Json.timestampMicros(ts), "/snapshots/" + id + ".jpg",
        "/clips/" + id + ".mp4", track.best(), path);
  }
}
