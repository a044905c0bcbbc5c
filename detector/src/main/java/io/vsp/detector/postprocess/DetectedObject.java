package io.vsp.detector.postprocess;

import java.util.Arrays;
import java.util.Objects;

/**
 * One object found in a frame, as the {@code detections} record carries it.
 *
 * @param box {@code [x1,y1,x2,y2]} as fractions of the frame's width and height, clamped to 0..1
 */
public record DetectedObject(String label, int classId, float score, double[] box) {

  public DetectedObject {
    Objects.requireNonNull(label, "label");
    if (box == null || box.length != 4) {
      throw new IllegalArgumentException("box must be [x1,y1,x2,y2]");
    }
    box = box.clone();
  }

  @Override
  public double[] box() {
    return box.clone();
  }

  /** Intersection over union of two boxes given as {@code [x1,y1,x2,y2]}. */
  public static double iou(double[] a, double[] b) {
    double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = w * h;
    double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    return union <= 0 ? 0 : inter / union;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DetectedObject that && label.equals(that.label) && classId == that.classId
        && Float.compare(score, that.score) == 0 && Arrays.equals(box, that.box);
  }

  @Override
  public int hashCode() {
    return Objects.hash(label, classId, score, Arrays.hashCode(box));
  }

  @Override
  public String toString() {
    return label + "(" + classId + ") " + score + " " + Arrays.toString(box);
  }
}
