package io.vsp.detector.postprocess;

import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.preprocess.Letterbox;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an engine's raw outputs into objects per image, boxes mapped back through each image's
 * letterbox to frame fractions. Raw outputs get the score threshold, class-aware NMS and the top-K cap;
 * the NMS formats are decoded as exported (their NMS already ran), then thresholded and capped too.
 * One per detector thread (holds scratch arrays).
 */
public final class OutputDecoder {
  /** Candidates kept for NMS per image, as super-gradients' export default (num_pre_nms_predictions). */
  static final int PRE_NMS_TOP_K = 1000;

  private final ModelContract contract;
  private final Labels labels;
  private final double scoreThreshold;
  private final double nmsIou;
  private final int topK;
  private final Candidates candidates = new Candidates();

  /**
   * @param scoreThreshold candidates scoring less are dropped, 0..1
   * @param nmsIou a box overlapping a better one of its class by more than this is dropped, (0, 1]
   * @param topK most objects reported per image, at least 1
   */
  public OutputDecoder(ModelContract contract, Labels labels, double scoreThreshold, double nmsIou, int topK) {
    if (!(scoreThreshold >= 0 && scoreThreshold <= 1) || !(nmsIou > 0 && nmsIou <= 1) || topK < 1) {
      throw new IllegalArgumentException("scoreThreshold must be 0..1, nmsIou (0,1], topK >= 1 (got "
          + scoreThreshold + ", " + nmsIou + ", " + topK + ")");
    }
    this.contract = contract;
    this.labels = labels;
    this.scoreThreshold = scoreThreshold;
    this.nmsIou = nmsIou;
    this.topK = topK;
  }

  /**
   * @param boxes the letterbox of each used slot, in slot order
   * @return the objects of each used slot, best score first
   */
  public List<List<DetectedObject>> decode(RawOutput out, List<Letterbox> boxes) {
    if (out.format() != contract.format()) {
      throw new IllegalArgumentException("output is " + out.format() + " but the model's contract says "
          + contract.format());
    }
    if (boxes.size() != out.used()) {
      throw new IllegalArgumentException(boxes.size() + " letterboxes for " + out.used() + " used slots");
    }
    List<List<DetectedObject>> images = new ArrayList<>(out.used());
    for (int image = 0; image < out.used(); image++) {
      candidates.clear();
      switch (out.format()) {
        case RAW -> collectRaw(out.tensor(0), out.tensor(1), image);
        case FLAT -> collectFlat(out.tensor(0), image);
        case BATCH -> collectBatch(out, image);
        default -> throw new IllegalStateException("unknown format " + out.format());
      }
      images.add(objects(boxes.get(image), out.format() == OutputFormat.RAW));
    }
    return images;
  }

  /**
   * Each candidate's best class, when it reaches the threshold (one box, one class, as YOLO-NAS does). Most
   * candidates of a frame score below the threshold in every class: such a row is passed over after one
   * comparison per class, read in place from the engine's buffer, before its best class is looked for.
   */
  private void collectRaw(OutputTensor boxes, OutputTensor scores, int image) {
    int n = scores.dim(1);
    int classes = scores.dim(2);
    FloatBuffer s = scores.floats();
    FloatBuffer b = boxes.floats();
    // A float score reaches the double threshold iff it reaches this float (the nearest float to it); when
    // the threshold rounded down, the test below lets a few more rows through to the exact test: still exact.
    float threshold = (float) scoreThreshold;
    for (int i = 0; i < n; i++) {
      int row = (image * n + i) * classes;
      if (!anyAtLeast(s, row, classes, threshold)) {
        continue; // its best score, whichever class, is below the threshold too
      }
      int best = 0;
      float bestScore = s.get(row);
      for (int c = 1; c < classes; c++) {
        float score = s.get(row + c);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (bestScore >= scoreThreshold) {
        int at = (image * n + i) * 4;
        candidates.add(b.get(at), b.get(at + 1), b.get(at + 2), b.get(at + 3), bestScore, best);
      }
    }
  }

  /** True when a score of the {@code classes} from {@code row} on reaches {@code threshold}. */
  private static boolean anyAtLeast(FloatBuffer scores, int row, int classes, float threshold) {
    for (int c = row; c < row + classes; c++) {
      if (scores.get(c) >= threshold) {
        return true;
      }
    }
    return false;
  }

  private void collectFlat(OutputTensor table, int image) {
    FloatBuffer t = table.floats();
    int rows = table.dim(0);
    boolean classFirst = FlatColumns.classBeforeScore(t, rows);
    for (int r = 0; r < rows; r++) {
      int at = r * 7;
      if ((int) t.get(at) != image) {
        continue;
      }
      float score = classFirst ? t.get(at + 6) : t.get(at + 5);
      int classId = Math.round(classFirst ? t.get(at + 5) : t.get(at + 6));
      if (score >= scoreThreshold) {
        candidates.add(t.get(at + 1), t.get(at + 2), t.get(at + 3), t.get(at + 4), score, classId);
      }
    }
  }

  private void collectBatch(RawOutput out, int image) {
    OutputTensor boxes = out.tensor(1);
    int k = boxes.dim(1);
    long count = Math.max(0, Math.min(k, out.tensor(0).longs().get(image * out.tensor(0).dim(1))));
    FloatBuffer b = boxes.floats();
    FloatBuffer s = out.tensor(2).floats();
    LongBuffer c = out.tensor(3).longs();
    for (int i = 0; i < count; i++) {
      int row = image * k + i;
      if (s.get(row) >= scoreThreshold) {
        candidates.add(b.get(row * 4), b.get(row * 4 + 1), b.get(row * 4 + 2), b.get(row * 4 + 3), s.get(row),
            (int) c.get(row));
      }
    }
  }

  private List<DetectedObject> objects(Letterbox letterbox, boolean runNms) {
    int[] order = candidates.byScore(runNms ? PRE_NMS_TOP_K : topK);
    int[] kept = runNms ? candidates.suppress(order, nmsIou, topK) : order;
    List<DetectedObject> objects = new ArrayList<>(kept.length);
    for (int i : kept) {
      double[] box = letterbox.toFrameFractions(candidates.box(i, 0), candidates.box(i, 1), candidates.box(i, 2),
          candidates.box(i, 3));
      // A box wholly inside the padding collapses to nothing once clamped to the frame.
      if (box[2] > box[0] && box[3] > box[1]) {
        int classId = candidates.classId(i);
        objects.add(new DetectedObject(labels.name(classId), classId, candidates.score(i), box));
      }
    }
    objects.sort(Comparator.comparingDouble(o -> -o.score()));
    return objects;
  }
}
