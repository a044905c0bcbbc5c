package io.vsp.sink.tracker;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.vsp.common.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything the tracker keeps for one camera: the state-store value. Its live tracks (oldest first), the
 * camera clock (the newest capture time of its processed detections, which ages tracks so a replay ends them
 * at the same frames) and the counter numbering confirmed tracks. Serialised as JSON so the changelog stays
 * readable; mutated only by {@link Tracker}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class CameraTracks {
  private static final int VERSION = 1;

  private int v = VERSION;
  private String camera;
  private Long clock; // epoch µs; null until the first processed detections record
  private long lastTrack; // number of the newest confirmed track; 0 = none yet
  private List<Track> tracks = new ArrayList<>();

  private CameraTracks() {} // for JSON

  public static CameraTracks empty(String camera) {
    CameraTracks state = new CameraTracks();
    state.camera = Objects.requireNonNull(camera, "camera");
    return state;
  }

  public byte[] toJson() {
    return Json.write(this);
  }

  /** Reads {@link #toJson()}'s bytes; fails on a state of another version (a changelog of a newer sink). */
  public static CameraTracks fromJson(byte[] json) {
    CameraTracks state = Json.read(json, CameraTracks.class);
    if (state.v != VERSION || state.camera == null || state.tracks == null) {
      throw new IllegalArgumentException("not a v" + VERSION + " tracker state (v " + state.v + ", camera "
          + state.camera + ")");
    }
    return state;
  }

  /** No live tracks: the processor may delete the key (the track numbering then starts again at 1). */
  public boolean isEmpty() {
    return tracks.isEmpty();
  }

  public String camera() {
    return camera;
  }

  /** The camera clock, epoch µs; null before the first processed detections record. */
  Long clock() {
    return clock;
  }

  /** Live tracks, oldest first; the tracker adds and removes through this list. */
  List<Track> tracks() {
    return tracks;
  }

  /** Moves the camera clock to {@code ts} unless it is already later (a late record) and returns it. */
  long advanceClock(long ts) {
    clock = clock == null ? ts : Math.max(clock, ts);
    return clock;
  }

  long nextTrackNumber() {
    return ++lastTrack;
  }
}
