package io.vsp.sink.tracker;

import io.vsp.common.wire.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashMap;
import java.util.function.BiConsumer;

/**
 * Lays each camera's {@link CameraTracks} out on the store "tracks" so that a processed frame writes only
 * what changed (layout 3; docs/SINK.md "Tracker state"):
 *
 * <pre>
 *  lobby                      header: layout, clock, track counter, birth counter          (when they change*)
 *  lobby|a&lt;seq&gt;               a track's id, number, best detection, last sent record      (when they change)
 *  lobby|m&lt;seq&gt;               its motion, hits, scores, labels, box, zones, and the path
 *                             points not yet sealed (fewer than {@link #PATH_CHUNK})       (when matched)
 *  lobby|p&lt;seq&gt;.&lt;index&gt;      its path from point {@code index} on: {@link #PATH_CHUNK} points
 *                             per entry, written once when they are all there             (every 8th match)
 * </pre>
 *
 * {@code seq} (12 hex digits) and {@code index} (3) are fixed-width, so a camera's tracks are one range in
 * birth order and its path one range in time order. A save compares each entry with the bytes last stored
 * and writes only those that differ; an ended track's entries are deleted. So a matched track costs one
 * changelog record per frame, and one more every {@link #PATH_CHUNK} frames. (*) The clock a load gives is
 * the header's or the latest last time of a live track, whichever is later: a frame that matches a track
 * moves both to its time, so the header keeps its older clock and is not rewritten for that frame.
 *
 * <p>A camera's state stays decoded here between records (at most {@link #MAX_LOADED} cameras, least
 * recently used dropped): only what a save writes is encoded. The processor makes a new TrackStore whenever
 * Kafka Streams initialises its task, so a state restored after an aborted transaction is read afresh, and
 * {@link #forget}s a camera whose step failed half-way.
 *
 * <p>Failure contract: a header of the v1 layout (one JSON value per camera) or of layout 2 (every path point
 * in path entries, sealed by 32) is migrated on first load and rewritten in this layout on the next save; a
 * camera whose entries do not decode is reported to {@code unreadable}, its entries are deleted and it starts
 * fresh. Loading never throws for stored bytes.
 */
final class TrackStore {
  /**
   * Path points per sealed entry. The unsealed ones ride in the motion entry rewritten on every match, so a
   * larger chunk writes more bytes per frame and a smaller one more tombstones when the track ends.
   */
  static final int PATH_CHUNK = 8;
  /** The most points a stored path entry may hold: layout 2 sealed 32. */
  static final int MAX_ENTRY_POINTS = 32;
  /** Decoded cameras kept between records: well above a task's cameras in any fleet we plan for. */
  static final int MAX_LOADED = 4096;
  static final char SEPARATOR = '|'; // no camera id holds it, and it sorts after all their characters

  private final StateEntries entries;
  private final BiConsumer<String, RuntimeException> unreadable;
  private final Map<String, CameraTracks> loaded = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, CameraTracks> eldest) {
      return size() > MAX_LOADED;
    }
  };

  /** @param unreadable told the camera and the error when a camera's state cannot be read (then dropped) */
  TrackStore(StateEntries entries, BiConsumer<String, RuntimeException> unreadable) {
    this.entries = entries;
    this.unreadable = unreadable;
  }

  /** The camera's state as last saved; empty when there is none or it was unreadable. */
  CameraTracks load(String camera) {
    CameraTracks state = loaded.get(camera);
    if (state != null) {
      return state;
    }
    try {
      state = read(camera);
    } catch (RuntimeException e) {
      unreadable.accept(camera, e);
      drop(camera);
      state = CameraTracks.empty(camera);
    }
    state.storedPath(this::storedPath);
    loaded.put(camera, state);
    return state;
  }

  /** Drops the camera's decoded state: the next load reads the store (a step that failed left it half-done). */
  void forget(String camera) {
    loaded.remove(camera);
  }

  private CameraTracks read(String camera) {
    byte[] header = entries.get(camera);
    if (header == null) {
      return CameraTracks.empty(camera);
    }
    if (header.length > 0 && header[0] == '{') {
      CameraTracks legacy = CameraTracks.fromLegacyJson(header);
      if (!legacy.camera().equals(camera)) {
        throw new IllegalArgumentException("v1 state under key " + camera + " is of camera " + legacy.camera());
      }
      return legacy; // nothing of it is stored in this layout yet: the next save writes it all
    }
    StateCodec.Header h = StateCodec.header(header);
    Map<String, byte[]> stored = new LinkedHashMap<>();
    stored.put(camera, header);
    List<Map.Entry<String, byte[]>> abouts = entries.withPrefix(camera + SEPARATOR + "a");
    List<Map.Entry<String, byte[]>> motions = entries.withPrefix(camera + SEPARATOR + "m");
    if (abouts.size() != motions.size() || abouts.size() > Tracker.MAX_TRACKS) {
      throw new IllegalArgumentException(abouts.size() + " track entries and " + motions.size()
          + " motion entries stored");
    }
    List<Track> tracks = new ArrayList<>();
    for (int i = 0; i < abouts.size(); i++) {
      long seq = seqOf(abouts.get(i).getKey(), camera);
      if (seq != seqOf(motions.get(i).getKey(), camera) || seq >= h.births()) {
        throw new IllegalArgumentException("stored tracks of camera " + camera + " do not pair up at " + seq);
      }
      tracks.add(StateCodec.track(seq, abouts.get(i).getValue(), motions.get(i).getValue(), h.layout()));
      stored.put(abouts.get(i).getKey(), abouts.get(i).getValue());
      stored.put(motions.get(i).getKey(), motions.get(i).getValue());
    }
    CameraTracks state = CameraTracks.decoded(camera, clock(h.clock(), tracks), h.lastTrack(), h.births(), tracks);
    state.stored(stored);
    return state;
  }

  /** Writes what changed since the state was loaded or last saved; deletes the entries of ended tracks. */
  void save(CameraTracks state) {
    String camera = state.camera();
    for (Track track : state.tracks()) {
      savePath(camera, track);
    }
    Map<String, byte[]> before = state.stored();
    Map<String, byte[]> next = new LinkedHashMap<>();
    next.put(camera, StateCodec.header(state, clockToStore(state, before.get(camera))));
    for (Track track : state.tracks()) {
      Memo memo = memo(camera, track);
      next.put(memo.aboutKey(), memo.about());
      next.put(memo.motionKey(), StateCodec.motion(track, memo.openPath()));
    }
    next.forEach((key, value) -> {
      if (!Arrays.equals(before.get(key), value)) {
        entries.put(key, value);
      }
    });
    for (String key : before.keySet()) {
      if (!next.containsKey(key)) {
        entries.delete(key);
        if (key.charAt(camera.length() + 1) == 'a') { // the track ended: its path goes too
          entries.withPrefix(pathPrefix(camera, seqOf(key, camera))).forEach(e -> entries.delete(e.getKey()));
        }
      }
    }
    state.stored(next);
  }

  /**
   * What a save keeps with a track for the next: its entries' keys, its about entry with what that was
   * encoded from (it changes seldom, and only by replacing one of these fields), and its unsealed path points
   * as encoded so far.
   */
  record Memo(String aboutKey, String motionKey, String id, long number, Event.Best best, Track.Sent sent,
      byte[] about, StateCodec.OpenPath openPath) {}

  private static Memo memo(String camera, Track track) {
    Memo memo = track.storeMemo();
    if (memo == null || memo.best() != track.best() || memo.sent() != track.sent()
        || memo.number() != track.number() || !Objects.equals(memo.id(), track.id())) {
      memo = memo == null
          ? new Memo(key(camera, 'a', track.seq()), key(camera, 'm', track.seq()), track.id(), track.number(),
              track.best(), track.sent(), StateCodec.about(track), new StateCodec.OpenPath())
          : new Memo(memo.aboutKey(), memo.motionKey(), track.id(), track.number(), track.best(), track.sent(),
              StateCodec.about(track), memo.openPath());
      track.storeMemo(memo);
    }
    return memo;
  }

  /**
   * The camera clock as a load sees it: the header's, or a live track's last time when that is later. A
   * processed frame that matches a track moves that track's last time to the clock, so the header need not
   * be rewritten for it (see {@link #clockToStore}).
   */
  private static Long clock(Long header, List<Track> tracks) {
    Long clock = header;
    for (Track track : tracks) {
      clock = clock == null ? track.lastTs() : Math.max(clock, track.lastTs());
    }
    return clock;
  }

  /**
   * The clock for the header: the one stored before (the header's bytes unchanged, so not written again) when
   * that and the tracks' last times still give the live clock on load; otherwise the live clock.
   */
  private static Long clockToStore(CameraTracks state, byte[] storedHeader) {
    if (state.clock() == null || storedHeader == null || storedHeader.length == 0
        || storedHeader[0] != StateCodec.LAYOUT) {
      return state.clock();
    }
    Long stored = StateCodec.header(storedHeader).clock();
    return Objects.equals(clock(stored, state.tracks()), state.clock()) ? stored : state.clock();
  }

  /** The cameras with a stored state. */
  List<String> cameras() {
    List<String> cameras = new ArrayList<>();
    entries.forEachKey(key -> {
      if (key.indexOf(SEPARATOR) < 0) {
        cameras.add(key);
      }
    });
    return cameras;
  }

  /** Deletes every entry of the camera. */
  void drop(String camera) {
    loaded.remove(camera);
    entries.withPrefix(camera + SEPARATOR).forEach(e -> entries.delete(e.getKey()));
    entries.delete(camera);
  }

  /** Seals the track's fresh path points into entries of {@link #PATH_CHUNK}; the rest stay for the motion entry. */
  private void savePath(String camera, Track track) {
    List<Event.PathPoint> fresh = track.freshPath();
    while (fresh.size() >= PATH_CHUNK) {
      entries.put(pathKey(camera, track.seq(), track.pathBase()),
          StateCodec.points(fresh.subList(0, PATH_CHUNK), track.firstTs()));
      track.pathSealed(PATH_CHUNK);
    }
  }

  /**
   * The first {@code pathBase} points of a track's path, from its entries. An entry that does not decode is
   * left out (the path is shorter), as ending the track matters more than its drawing.
   */
  private List<Event.PathPoint> storedPath(String camera, Track track) {
    if (track.pathBase() == 0) {
      return List.of();
    }
    List<Event.PathPoint> path = new ArrayList<>();
    for (Map.Entry<String, byte[]> entry : entries.withPrefix(pathPrefix(camera, track.seq()))) {
      try {
        path.addAll(StateCodec.points(entry.getValue(), track.firstTs()));
      } catch (IllegalArgumentException e) {
        unreadable.accept(camera, e);
      }
    }
    return path.size() > track.pathBase() ? path.subList(0, track.pathBase()) : path;
  }

  static String key(String camera, char kind, long seq) {
    String hex = Long.toHexString(seq);
    return camera + SEPARATOR + kind + "0".repeat(12 - hex.length()) + hex;
  }

  private static String pathPrefix(String camera, long seq) {
    return key(camera, 'p', seq) + '.';
  }

  private static String pathKey(String camera, long seq, int index) {
    String hex = Integer.toHexString(index);
    return pathPrefix(camera, seq) + "0".repeat(3 - hex.length()) + hex;
  }

  private static long seqOf(String key, String camera) {
    return Long.parseLong(key.substring(camera.length() + 2, camera.length() + 14), 16);
  }
}
