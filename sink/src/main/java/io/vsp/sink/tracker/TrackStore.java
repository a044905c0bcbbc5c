package io.vsp.sink.tracker;

import io.vsp.common.wire.Event;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Lays each camera's {@link CameraTracks} out on the store "tracks" so that a processed frame writes only
 * what changed (layout 2; docs/SINK.md "Tracker state"):
 *
 * <pre>
 *  lobby                      header: layout, clock, track counter, birth counter          (when they change*)
 *  lobby|a&lt;seq&gt;               a track's id, number, best detection, last sent record      (when they change)
 *  lobby|m&lt;seq&gt;               its motion, hits, scores, labels, box, zones                (when matched)
 *  lobby|p&lt;seq&gt;.&lt;index&gt;      its path: one point per entry, sealed into one entry per
 *                             {@link #PATH_CHUNK} points when a chunk fills                 (when matched)
 * </pre>
 *
 * {@code seq} (12 hex digits) and {@code index} (3) are fixed-width, so a camera's tracks are one range in
 * birth order and its path one range in time order. A save compares each entry with the bytes loaded and
 * writes only those that differ; an ended track's entries are deleted. (*) The clock a load gives is the
 * header's or the latest last time of a live track, whichever is later: a frame that matches a track moves
 * both to its time, so the header keeps its older clock and is not rewritten for that frame.
 *
 * <p>Failure contract: a header of the v1 layout (one JSON value per camera) is migrated on first load and
 * rewritten in this layout on the next save; a camera whose entries do not decode is reported to
 * {@code unreadable}, its entries are deleted and it starts fresh. Loading never throws for stored bytes.
 */
final class TrackStore {
  /** Path points per sealed entry: bounds both the tombstones of an ended track and the per-frame writes. */
  static final int PATH_CHUNK = 32;
  static final char SEPARATOR = '|'; // no camera id holds it, and it sorts after all their characters

  private final StateEntries entries;
  private final BiConsumer<String, RuntimeException> unreadable;

  /** @param unreadable told the camera and the error when a camera's state cannot be read (then dropped) */
  TrackStore(StateEntries entries, BiConsumer<String, RuntimeException> unreadable) {
    this.entries = entries;
    this.unreadable = unreadable;
  }

  /** The camera's state as last saved; empty when there is none or it was unreadable. */
  CameraTracks load(String camera) {
    CameraTracks state;
    try {
      state = read(camera);
    } catch (RuntimeException e) {
      unreadable.accept(camera, e);
      drop(camera);
      state = CameraTracks.empty(camera);
    }
    state.storedPath(this::storedPath);
    return state;
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
    Map<String, byte[]> stored = new TreeMap<>();
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
      tracks.add(StateCodec.track(seq, abouts.get(i).getValue(), motions.get(i).getValue()));
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
    Map<String, byte[]> next = new TreeMap<>();
    next.put(camera, StateCodec.header(state, clockToStore(state, before.get(camera))));
    for (Track track : state.tracks()) {
      next.put(key(camera, 'a', track.seq()), StateCodec.about(track));
      next.put(key(camera, 'm', track.seq()), StateCodec.motion(track));
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
    entries.withPrefix(camera + SEPARATOR).forEach(e -> entries.delete(e.getKey()));
    entries.delete(camera);
  }

  /**
   * Stores the track's new path points: each as its own entry, except that a chunk they fill becomes one
   * entry (the points of it stored before are read back and their entries deleted).
   */
  private void savePath(String camera, Track track) {
    List<Event.PathPoint> fresh = track.freshPath();
    int base = track.pathBase();
    int end = base + fresh.size();
    for (int index = base; index < end; ) {
      int chunk = index - index % PATH_CHUNK;
      int chunkEnd = chunk + PATH_CHUNK;
      if (chunkEnd <= end) {
        List<Event.PathPoint> points = new ArrayList<>(PATH_CHUNK);
        for (int stored = chunk; stored < base; stored++) {
          byte[] single = entries.get(pathKey(camera, track.seq(), stored));
          if (single != null) { // always there, unless the store lost entries: then the path is shorter
            points.addAll(StateCodec.points(single, track.firstTs()));
          }
          if (stored > chunk) {
            entries.delete(pathKey(camera, track.seq(), stored)); // the chunk's entry replaces the first
          }
        }
        points.addAll(fresh.subList(Math.max(chunk, base) - base, chunkEnd - base));
        entries.put(pathKey(camera, track.seq(), chunk), StateCodec.points(points, track.firstTs()));
        index = chunkEnd;
      } else {
        entries.put(pathKey(camera, track.seq(), index),
            StateCodec.points(List.of(fresh.get(index - base)), track.firstTs()));
        index++;
      }
    }
    track.pathStored();
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
