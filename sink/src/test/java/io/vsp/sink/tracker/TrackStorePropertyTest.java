package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Over random scenes (crowds coming and going, jitter, label flips, low scores, skipped frames, offline
 * cameras): what the store holds and what one record writes to its changelog stay within bounds set by the
 * live tracks alone, never by how long the camera has run, and the run through the store sends exactly
 * what a run in memory sends.
 */
class TrackStorePropertyTest {
  /** What one live track's two entries and one frame's path writes may take (a sealed chunk included). */
  static final int TRACK_WRITE = 2048;
  /** What ending one track may write: its entries' and its path's tombstones. */
  static final int TRACK_END = 2 * 40 + (Track.MAX_PATH / TrackStore.PATH_CHUNK + TrackStore.PATH_CHUNK) * 40;
  /** What one live track may hold: entries, and a full path in sealed chunks. */
  static final int TRACK_STATE = TRACK_WRITE + Track.MAX_PATH * 24;
  static final int HEADER = 64;
  static final List<String> LABELS = List.of("person", "car", "dog", "cat", "bicycle", "truck", "bus",
      "motorcycle", "bird", "horse", "traffic light", "backpack");

  /** Counts the bytes a record writes: keys and values of puts, keys of deletes (the changelog's records). */
  static final class CountingEntries implements StateEntries {
    final TreeMap<String, byte[]> map = new TreeMap<>();
    final StateEntries inner = StateEntries.of(map);
    long written;

    @Override
    public byte[] get(String key) {
      return inner.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
      written += key.length() + value.length;
      inner.put(key, value);
    }

    @Override
    public void delete(String key) {
      written += key.length();
      inner.delete(key);
    }

    @Override
    public List<Map.Entry<String, byte[]>> withPrefix(String prefix) {
      return inner.withPrefix(prefix);
    }

    @Override
    public void forEachKey(Consumer<String> action) {
      inner.forEachKey(action);
    }

    long stateBytes() {
      return map.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length).sum();
    }
  }

  @Test
  void stateAndChangelogBytesPerRecordAreBoundedByTheLiveTracks() {
    for (long seed = 1; seed <= 12; seed++) {
      Random random = new Random(seed);
      CountingEntries entries = new CountingEntries();
      TrackStore store = new TrackStore(entries, (camera, e) -> {
        throw new AssertionError("unreadable state", e);
      });
      Scene memory = Scene.defaults().inMemory();
      List<Object> input = scene(random, 400);

      for (int i = 0; i < input.size(); i++) {
        CameraTracks state = store.load(Scene.CAMERA);
        int liveBefore = state.tracks().size();
        entries.written = 0;
        List<Event> stored = apply(memory.tracker, state, input.get(i));
        store.save(state);
        List<Event> inMemory = apply(memory.tracker, memory.state, input.get(i));

        int live = state.tracks().size();
        int ended = (int) stored.stream().filter(e -> e.type().equals(Event.END)).count();
        assertThat(entries.written).as("seed %d record %d: written with %d live, %d ended", seed, i, live, ended)
            .isLessThanOrEqualTo(HEADER + (long) live * TRACK_WRITE + (long) liveBefore * TRACK_END);
        assertThat(entries.stateBytes()).as("seed %d record %d: state with %d live", seed, i, live)
            .isLessThanOrEqualTo(HEADER + (long) live * TRACK_STATE);
        assertThat(json(stored)).as("seed %d record %d", seed, i).isEqualTo(json(inMemory));
      }
      assertThat(entries.map).as("seed %d: after the camera went offline only its header is left", seed)
          .containsOnlyKeys(Scene.CAMERA);
    }
  }

  private static List<Event> apply(Tracker tracker, CameraTracks state, Object record) {
    return record instanceof Detections d ? tracker.onDetections(state, d)
        : tracker.onStatus(state, (CameraStatus) record);
  }

  private static List<String> json(List<Event> events) {
    return events.stream().map(e -> new String(Json.write(e))).toList();
  }

  /** Objects that enter, walk with jitter, pause, vanish; some frames skipped; offline now and then and at the end. */
  static List<Object> scene(Random random, int frames) {
    List<double[]> walkers = new ArrayList<>(); // x, y, w, h, vx, vy
    List<Object> input = new ArrayList<>();
    for (int n = 0; n < frames; n++) {
      if (random.nextInt(100) < 2) {
        input.add(new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE, Scene.ts(n), "no data for 10s", "w1"));
        walkers.clear();
        continue;
      }
      int arrivals = random.nextInt(100) < 5 ? random.nextInt(20) : random.nextInt(2);
      for (int a = 0; a < arrivals && walkers.size() < 40; a++) {
        double w = 0.02 + random.nextDouble() * 0.2;
        double h = 0.02 + random.nextDouble() * 0.3;
        walkers.add(new double[] {random.nextDouble() * (1 - w), random.nextDouble() * (1 - h), w, h,
            (random.nextDouble() - 0.5) * 0.03, (random.nextDouble() - 0.5) * 0.02});
      }
      walkers.removeIf(wk -> random.nextInt(100) < 3);
      List<DetectedBox> seen = new ArrayList<>();
      for (double[] wk : walkers) {
        wk[0] = Math.max(0, Math.min(1 - wk[2], wk[0] + wk[4]));
        wk[1] = Math.max(0, Math.min(1 - wk[3], wk[1] + wk[5]));
        if (random.nextInt(100) < 10) {
          continue; // missed this frame
        }
        double j = 0.004;
        double x1 = clamp(wk[0] + random.nextGaussian() * j);
        double y1 = clamp(wk[1] + random.nextGaussian() * j);
        double x2 = Math.max(x1 + 0.001, clamp(wk[0] + wk[2] + random.nextGaussian() * j));
        double y2 = Math.max(y1 + 0.001, clamp(wk[1] + wk[3] + random.nextGaussian() * j));
        String label = LABELS.get(random.nextInt(100) < 80 ? walkers.indexOf(wk) % 3 : random.nextInt(LABELS.size()));
        seen.add(Scene.object(label, 0.2 + random.nextDouble() * 0.8, x1, y1, Math.min(1, x2), Math.min(1, y2)));
      }
      String status = random.nextInt(100) < 5 ? Detections.STALE : Detections.PROCESSED;
      input.add(Scene.record(n, status, status.equals(Detections.PROCESSED) ? seen : List.of()));
    }
    input.add(new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE, Scene.ts(frames), "no data for 10s", "w1"));
    return input;
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(0.999, v));
  }
}
