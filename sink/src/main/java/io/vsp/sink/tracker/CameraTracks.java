package io.vsp.sink.tracker;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Everything the tracker keeps for one camera: its live tracks (oldest first), the camera clock (the newest
 * capture time of its processed detections, which ages tracks so a replay ends them at the same frames), the
 * counter numbering confirmed tracks and the one numbering births. Mutated only by {@link Tracker}; loaded
 * and saved, entry by entry, by {@link TrackStore}. A state made with {@link #empty} lives in memory only.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class CameraTracks {
  /** The layout of the first sink versions: the whole state as this class's JSON, {@code "v":1}. */
  static final int LEGACY_VERSION = 1;

  private int v;
  private String camera;
  private Long clock; // epoch µs; null until the first processed detections record
  private long lastTrack; // number of the newest confirmed track; 0 = none yet
  private long births; // tracks born so far: the next one's seq
  private List<Track> tracks = new ArrayList<>();
  // stored path points of a track (TrackStore); none for a state in memory only
  private transient BiFunction<String, Track, List<Event.PathPoint>> storedPath = (c, t) -> List.of();
  // the store entries as last loaded or saved (TrackStore): a save writes only what differs
  private transient Map<String, byte[]> stored = new TreeMap<>();

  private CameraTracks() {} // for JSON

  public static CameraTracks empty(String camera) {
    CameraTracks state = new CameraTracks();
    state.camera = Objects.requireNonNull(camera, "camera");
    return state;
  }

  /** A state as {@link TrackStore} decodes it. */
  static CameraTracks decoded(String camera, Long clock, long lastTrack, long births, List<Track> tracks) {
    CameraTracks state = empty(camera);
    state.clock = clock;
    state.lastTrack = lastTrack;
    state.births = births;
    state.tracks = tracks;
    return state;
  }

  /**
   * Reads a state of the v1 layout (one JSON value per camera), as this version would have kept it: tracks
   * numbered by birth in their order, scores and boxes rounded, paths all still to be stored.
   *
   * @throws IllegalArgumentException when it is not such a state
   */
  static CameraTracks fromLegacyJson(byte[] json) {
    CameraTracks state = Json.read(json, CameraTracks.class);
    if (state.v != LEGACY_VERSION || state.camera == null || state.tracks == null) {
      throw new IllegalArgumentException("not a v" + LEGACY_VERSION + " tracker state (v " + state.v + ", camera "
          + state.camera + ")");
    }
    state.v = 0;
    state.tracks = new ArrayList<>(state.tracks);
    for (Track track : state.tracks) {
      if (track == null || track.motion() == null || track.box() == null || track.box().length != 4
          || track.scores() == null || track.firstTs() <= 0) {
        throw new IllegalArgumentException("v1 tracker state of camera " + state.camera + " has an incomplete track");
      }
      track.migrate(state.births++);
    }
    state.storedPath = (c, t) -> List.of();
    state.stored = new TreeMap<>();
    return state;
  }

  /** No live tracks. */
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

  long lastTrack() {
    return lastTrack;
  }

  long births() {
    return births;
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

  long nextBirth() {
    return births++;
  }

  /** A track's whole path: the points in the store, then those added since. */
  List<Event.PathPoint> pathOf(Track track) {
    List<Event.PathPoint> path = new ArrayList<>(storedPath.apply(camera, track));
    path.addAll(track.freshPath());
    return path;
  }

  void storedPath(BiFunction<String, Track, List<Event.PathPoint>> reader) {
    storedPath = reader;
  }

  Map<String, byte[]> stored() {
    return stored;
  }

  void stored(Map<String, byte[]> entries) {
    stored = entries;
  }
}
