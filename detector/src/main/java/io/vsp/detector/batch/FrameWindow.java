package io.vsp.detector.batch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;

/**
 * The part of {@code frames} a replay ({@code vsp replay}, issue 14) runs: per partition the offsets before
 * {@code stops}, and of those only the frames captured in [{@code fromUs}, {@code toUs}) by one of
 * {@code cameras} (all when empty). Frames outside it inside the offsets are skipped, their offsets still
 * committed; a partition is finished once its position reaches its stop.
 *
 * <p>The window travels with every committed offset ({@link #commitMetadata}), so a replay killed and started
 * again resumes the very window its first run fixed, even when {@code --from 10m} now means another time.
 *
 * @param stops per partition, the first offset not to read; a partition missing here has nothing to read
 */
public record FrameWindow(long fromUs, long toUs, Set<String> cameras, Map<TopicPartition, Long> stops) {
  private static final Pattern METADATA = Pattern.compile(
      "vsp-replay v1 from=(\\d+) to=(\\d+) stop=(\\d+) cameras=([a-z0-9_,-]*)");

  public FrameWindow {
    if (fromUs >= toUs) {
      throw new IllegalArgumentException("empty window: from " + fromUs + " µs is not before to " + toUs + " µs");
    }
    cameras = Set.copyOf(cameras);
    stops = Map.copyOf(stops);
  }

  /** Whether the frame is one the replay is to detect on (else it is skipped). */
  public boolean admits(FrameRecord f) {
    return f.captureUs() >= fromUs && f.captureUs() < toUs && (cameras.isEmpty() || cameras.contains(f.camera()));
  }

  /** Whether the record at {@code offset} lies at or after its partition's stop (it is not read). */
  public boolean beyond(TopicPartition tp, long offset) {
    return offset >= stop(tp);
  }

  /** The first offset of {@code tp} not to read. */
  public long stop(TopicPartition tp) {
    return stops.getOrDefault(tp, 0L);
  }

  /** What is committed with {@code tp}'s offsets: the window and that partition's stop (a few dozen bytes). */
  public String commitMetadata(TopicPartition tp) {
    return "vsp-replay v1 from=" + fromUs + " to=" + toUs + " stop=" + stop(tp) + " cameras="
        + String.join(",", new TreeSet<>(cameras));
  }

  /**
   * The window committed offsets carry, or null when none of them carries one.
   *
   * @throws IllegalArgumentException when the partitions disagree on the window (not one replay's offsets)
   */
  public static FrameWindow fromCommitted(Map<TopicPartition, String> metadata) {
    Map<TopicPartition, Long> stops = new HashMap<>();
    long[] window = null;
    Set<String> cameras = Set.of();
    for (var e : metadata.entrySet()) {
      Matcher m = METADATA.matcher(e.getValue() == null ? "" : e.getValue());
      if (!m.matches()) {
        continue;
      }
      long[] w = {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
      Set<String> c = m.group(4).isEmpty() ? Set.of() : Set.of(m.group(4).split(","));
      if (window != null && (!Arrays.equals(window, w) || !cameras.equals(c))) {
        throw new IllegalArgumentException("partitions committed different replay windows: " + e.getValue());
      }
      window = w;
      cameras = c;
      stops.put(e.getKey(), Long.parseLong(m.group(3)));
    }
    return window == null ? null : new FrameWindow(window[0], window[1], cameras, stops);
  }
}
