package io.vsp.detector.postprocess;

import java.util.Arrays;

/**
 * Boxes of one image before NMS, in input pixels: parallel arrays grown as candidates are added, and the
 * class-aware greedy non-maximum suppression that thins them.
 */
final class Candidates {
  private float[] boxes = new float[64 * 4];
  private float[] scores = new float[64];
  private int[] classes = new int[64];
  private int size;

  void clear() {
    size = 0;
  }

  void add(float x1, float y1, float x2, float y2, float score, int classId) {
    if (size == scores.length) {
      boxes = Arrays.copyOf(boxes, boxes.length * 2);
      scores = Arrays.copyOf(scores, scores.length * 2);
      classes = Arrays.copyOf(classes, classes.length * 2);
    }
    boxes[size * 4] = x1;
    boxes[size * 4 + 1] = y1;
    boxes[size * 4 + 2] = x2;
    boxes[size * 4 + 3] = y2;
    scores[size] = score;
    classes[size] = classId;
    size++;
  }

  int size() {
    return size;
  }

  float box(int index, int coordinate) {
    return boxes[index * 4 + coordinate];
  }

  float score(int index) {
    return scores[index];
  }

  int classId(int index) {
    return classes[index];
  }

  /** Candidate indices by descending score (ties: lower index first), at most {@code limit} of them. */
  int[] byScore(int limit) {
    long[] keys = new long[size];
    for (int i = 0; i < size; i++) {
      // Scores are >= 0, so their float bits sort like the floats; invert so ascending sort = descending score.
      keys[i] = ((long) (Integer.MAX_VALUE - Float.floatToIntBits(Math.max(0f, scores[i]))) << 32) | i;
    }
    Arrays.sort(keys);
    int[] order = new int[Math.min(limit, size)];
    for (int i = 0; i < order.length; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /**
   * Greedy NMS within each class: walking {@code order} (best first), a candidate is kept unless a kept
   * one of the same class overlaps it by more than {@code iouThreshold}; stops at {@code topK} kept.
   */
  int[] suppress(int[] order, double iouThreshold, int topK) {
    int[] kept = new int[Math.min(topK, order.length)];
    int count = 0;
    for (int i = 0; i < order.length && count < kept.length; i++) {
      int candidate = order[i];
      boolean keep = true;
      for (int k = 0; k < count && keep; k++) {
        keep = classes[kept[k]] != classes[candidate] || iou(kept[k], candidate) <= iouThreshold;
      }
      if (keep) {
        kept[count++] = candidate;
      }
    }
    return Arrays.copyOf(kept, count);
  }

  double iou(int a, int b) {
    float w = Math.min(box(a, 2), box(b, 2)) - Math.max(box(a, 0), box(b, 0));
    float h = Math.min(box(a, 3), box(b, 3)) - Math.max(box(a, 1), box(b, 1));
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = (double) w * h;
    double union = area(a) + area(b) - inter;
    return union <= 0 ? 0 : inter / union;
  }

  private double area(int i) {
    return Math.max(0, (double) box(i, 2) - box(i, 0)) * Math.max(0, (double) box(i, 3) - box(i, 1));
  }
}
