package io.vsp.common.wire;

/**
 * Arithmetic on the boxes of {@code detections} records, {@code [x1, y1, x2, y2]} (SPEC §5): one definition of
 * overlap for the tracker's matching and the test kit's MOT scorer, so both judge a match alike.
 */
public final class Boxes {
  private Boxes() {}

  /** Intersection over union of two boxes; 0 when they do not overlap (or have no area). */
  public static double iou(double[] a, double[] b) {
    double iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    return inter / (area(a) + area(b) - inter);
  }

  /** Width times height; 0 for a box whose corners are the wrong way round. */
  public static double area(double[] box) {
    return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
  }
}
