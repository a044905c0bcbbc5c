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
