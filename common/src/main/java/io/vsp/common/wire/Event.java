package io.vsp.common.wire;

import java.util.List;
import java.util.Objects;

/**
 * The {@code events} record value (SPEC §5): one tracked object's lifecycle, {@code start} → {@code update}* →
 * {@code end}, all with the same deterministic {@code id} (camera, partition and offset of the track's first
 * {@code frames} record, and the object's place among those first seen in it), so a replay produces the same ids.
 *
 * <p>Additions to SPEC §5 within v1 (readers ignore unknown fields): {@code best}, the detection with the top
 * score and where its frame lies (the snapshot is cut from it); {@code path}, on {@code end} only, the track's
 * matched boxes up to the clip's {@code maxLength} (the clipper draws them; Frigate's events carry a path too).
 *
 * @param type {@code start}, {@code update} or {@code end}
 * @param endReason on {@code end} only: {@code lost}, {@code offline} or {@code shutdown}
 * @param track the tracker's number for this object, unique per camera while the sink's state lives
 * @param score score of the latest matched detection
 * @param topScore best score so far
 * @param box latest matched box, x1, y1, x2, y2 as fractions of the frame
 * @param zones names of the camera zones holding the box's bottom centre
 * @param startTs capture time of the first matched frame
 * @param endTs capture time of the last matched frame; on {@code end} only
 * @param ts capture time of the frame that triggered this record
 * @param snapshot HTTP path of the snapshot, {@code /snapshots/<id>.jpg}
 * @param clip HTTP path of the clip, {@code /clips/<id>.mp4}; the file exists once its {@code clips} record is sent
 */
public record Event(int v, String id, String type, String endReason, String camera, long track, String label,
                   double score, double topScore, double[] box, List<String> zones, String startTs, String endTs,
                   String ts, String snapshot, String clip, Best best, List<PathPoint> path) {
  public static final String START = "start";
  public static final String UPDATE = "update";
  public static final String END = "end";
  public static final String LOST = "lost";
  public static final String OFFLINE = "offline";
  public static final String SHUTDOWN = "shutdown";

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(camera, "camera");
    if (!type.equals(START) && !type.equals(UPDATE) && !type.equals(END)) {
      throw new IllegalArgumentException("unknown event type " + type);
    }
    if (type.equals(END) != (endReason != null)) {
      throw new IllegalArgumentException("endReason belongs to end events only (type " + type + ")");
    }
    zones = zones == null ? List.of() : List.copyOf(zones);
    path = path == null ? null : List.copyOf(path);
  }

  /**
   * Separates an event id's per-object suffix: camera ids ({@code ^[a-z0-9][a-z0-9_-]{0,62}$}) cannot hold it, and it is safe in file
   * names and URL paths as it is.
   */
  public static final char SUFFIX = '.';

  /** The event id of a track whose first detection came from frames record {@code partition}/{@code offset}. */
  public static String id(String camera, int partition, long offset) {
    return camera + "-" + partition + "-" + offset;
  }

  /**
   * The event id of the {@code n}-th object (0-based, in the tracker's order) first detected in frames record
   * {@code partition}/{@code offset}: the first keeps the frame's id, the others add {@code .n}
   * ({@code lobby-3-98765}, {@code lobby-3-98765.1}, {@code lobby-3-98765.2}), so objects appearing together
   * all have an id from that frame.
   */
  public static String id(String camera, int partition, long offset, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("object index " + n + " is negative");
    }
    return n == 0 ? id(camera, partition, offset) : id(camera, partition, offset) + SUFFIX + n;
  }

  /**
   * The camera named in an event id ({@code lobby-3-98765} or {@code lobby-3-98765.2} → {@code lobby}); null
   * when it is not one. Ids without suffix (all ids before the suffix existed) read as they always did.
   */
  public static String cameraOf(String id) {
    int end = id.length();
    int dot = id.lastIndexOf(SUFFIX);
    if (dot >= 0) {
      // a suffix is 1 to 9 digits without a leading zero: one spelling per id, so one file per event
      if (!digits(id, dot + 1, end) || end - dot - 1 > 9 || id.charAt(dot + 1) == '0') {
        return null;
      }
      end = dot;
    }
    int second = id.lastIndexOf('-', end - 1);
    int first = second <= 0 ? -1 : id.lastIndexOf('-', second - 1);
    if (first <= 0 || !digits(id, first + 1, second) || !digits(id, second + 1, end)) {
      return null;
    }
    return id.substring(0, first);
  }

  private static boolean digits(String s, int from, int to) {
    if (from >= to || to - from > 19) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The top-scoring detection and its {@code frames} record: the snapshot's source. */
  public record Best(String ts, double score, double[] box, int partition, long offset) {}

  /** One matched detection of the track: capture time, box, score. */
  public record PathPoint(String ts, double[] box, double score) {}
}
