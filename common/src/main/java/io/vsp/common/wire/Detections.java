package io.vsp.common.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code detections} record value (SPEC §5): exactly one per {@code frames} record. {@code status} is
 * {@code processed}, {@code stale} (older than maxFrameAge, not inferred) or {@code corrupt}
 * (undecodable); the last two carry no objects.
 */
public record Detections(int v, String camera, String session, long seq, String status, String ts, long ptsUs,
                         Frame frame, Model model, Timing timing, List<DetectedBox> objects) {
  public static final String PROCESSED = "processed";
  public static final String STALE = "stale";
  public static final String CORRUPT = "corrupt";

  public Detections {
    if (!status.equals(PROCESSED) && !status.equals(STALE) && !status.equals(CORRUPT)) {
      throw new IllegalArgumentException("unknown detections status " + status);
    }
    objects = List.copyOf(objects);
    if (!status.equals(PROCESSED) && !objects.isEmpty()) {
      throw new IllegalArgumentException(status + " detections carry no objects");
    }
  }

  /** Where the frame came from: its {@code frames} record, and its size. */
  public record Frame(int partition, long offset, int width, int height) {}

  /** Which model produced it. */
  public record Model(String name, String engine, String precision) {}

  /** Milliseconds: waiting for a batch, the batch's inference, capture to this record being sent. */
  public record Timing(double queueMs, double inferMs, double e2eMs) {}

  /** One object: {@code box} is x1, y1, x2, y2 as fractions of the frame's width and height. */
  public record DetectedBox(String label, @JsonProperty("class") int classId, double score, double[] box) {}
}
