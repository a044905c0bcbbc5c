package io.vsp.common.testkit;

import io.vsp.common.wire.Boxes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores a tracker's output against ground truth with the MOT metrics its peers are judged by: CLEAR-MOT
 * (MOTA, ID switches; Bernardin and Stiefelhagen 2008) and IDF1 (Ristani et al. 2016). Both take a box as
 * found when its IoU with the true box is at least {@value #MIN_IOU}.
 *
 * <ul>
 *   <li>CLEAR-MOT, frame by frame: a pair matched in the previous frame is kept while its IoU still reaches the
 *       threshold; the rest are paired by a minimum-cost assignment (cost 1 − IoU, as many pairs as possible).
 *       A true object matched to another id than at its last match is an ID switch. MOTA = 1 − (misses +
 *       false positives + ID switches) / true boxes.
 *   <li>IDF1: one global assignment of true ids to predicted ids that maximises the frames where both are
 *       present and match (IDTP); IDF1 = 2 IDTP / (true boxes + predicted boxes).
 * </ul>
 */
public final class MotScorer {
  /** Least IoU of a predicted box and a true one to count as finding it. */
  public static final double MIN_IOU = 0.5;
  /** Cost of a pair under MIN_IOU: far above any sum of real pairs, so the assignment takes as many as it can. */
  private static final double FORBIDDEN = 1e6;

  /** One box of one frame: a true object's or a prediction's, with its id; x1, y1, x2, y2. */
  public record Box(String id, double[] box) {
    public Box {
      if (id == null || box == null || box.length != 4) {
        throw new IllegalArgumentException("a box needs an id and 4 numbers");
      }
    }
  }

  /**
   * The counts behind the metrics.
   *
   * @param truths true boxes over all frames
   * @param predictions predicted boxes over all frames
   * @param matches pairs found by CLEAR-MOT (true positives)
   * @param idSwitches true objects matched to another id than at their previous match
   * @param idTruePositives frames of matching true and predicted ids under the best global id assignment
   */
  public record Score(int truths, int predictions, int matches, int idSwitches, int idTruePositives) {
    public int misses() {
      return truths - matches;
    }

    public int falsePositives() {
      return predictions - matches;
    }

    public double mota() {
      return 1 - (double) (misses() + falsePositives() + idSwitches) / truths;
    }

    public double idf1() {
      return truths + predictions == 0 ? 1 : 2.0 * idTruePositives / (truths + predictions);
    }
  }

  private MotScorer() {}

  /** Scores {@code predicted} against {@code truth}, both one list of boxes per frame (ids unique per frame). */
  public static Score score(List<List<Box>> truth, List<List<Box>> predicted) {
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException("truth has " + truth.size() + " frames, predictions " + predicted.size());
    }
    int truths = 0;
    int predictions = 0;
    int matches = 0;
    int switches = 0;
    Map<String, String> previous = new HashMap<>(); // true id -> predicted id matched in the previous frame
    Map<String, String> lastMatch = new HashMap<>(); // true id -> predicted id at its latest match
    Map<String, Integer> truthFrames = new LinkedHashMap<>();
    Map<String, Integer> predictedFrames = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> overlapFrames = new HashMap<>(); // true id -> predicted id -> frames
    for (int f = 0; f < truth.size(); f++) {
      Map<String, double[]> gt = byId(truth.get(f), "truth", f);
      Map<String, double[]> hyp = byId(predicted.get(f), "predictions", f);
      truths += gt.size();
      predictions += hyp.size();
      gt.keySet().forEach(g -> truthFrames.merge(g, 1, Integer::sum));
      hyp.keySet().forEach(h -> predictedFrames.merge(h, 1, Integer::sum));
      gt.forEach((g, gBox) -> hyp.forEach((h, hBox) -> {
        if (Boxes.iou(gBox, hBox) >= MIN_IOU) {
          overlapFrames.computeIfAbsent(g, k -> new HashMap<>()).merge(h, 1, Integer::sum);
        }
      }));

      Map<String, String> pairs = framePairs(gt, hyp, previous);
      for (Map.Entry<String, String> pair : pairs.entrySet()) {
        String before = lastMatch.put(pair.getKey(), pair.getValue());
        if (before != null && !before.equals(pair.getValue())) {
          switches++;
        }
      }
      matches += pairs.size();
      previous = pairs;
    }
    return new Score(truths, predictions, matches, switches, idTruePositives(truthFrames, predictedFrames,
        overlapFrames));
  }

  /** One frame's CLEAR-MOT pairs, true id -> predicted id: the previous frame's that still hold, then the best. */
  private static Map<String, String> framePairs(Map<String, double[]> gt, Map<String, double[]> hyp,
      Map<String, String> previous) {
    Map<String, String> pairs = new LinkedHashMap<>();
    previous.forEach((g, h) -> {
      if (gt.containsKey(g) && hyp.containsKey(h) && Boxes.iou(gt.get(g), hyp.get(h)) >= MIN_IOU) {
        pairs.put(g, h);
      }
    });
    Set<String> takenHyp = new HashSet<>(pairs.values());
    List<String> freeGt = gt.keySet().stream().filter(g -> !pairs.containsKey(g)).toList();
    List<String> freeHyp = hyp.keySet().stream().filter(h -> !takenHyp.contains(h)).toList();
    double[][] cost = new double[freeGt.size()][freeHyp.size()];
    for (int i = 0; i < freeGt.size(); i++) {
      for (int j = 0; j < freeHyp.size(); j++) {
        double overlap = Boxes.iou(gt.get(freeGt.get(i)), hyp.get(freeHyp.get(j)));
        cost[i][j] = overlap >= MIN_IOU ? 1 - overlap : FORBIDDEN;
      }
    }
    int[] assigned = Assignment.minCost(cost);
    for (int i = 0; i < assigned.length; i++) {
      if (assigned[i] >= 0 && cost[i][assigned[i]] < FORBIDDEN) {
        pairs.put(freeGt.get(i), freeHyp.get(assigned[i]));
      }
    }
    return pairs;
  }

  /** The most frames of agreement any one-to-one assignment of true ids to predicted ids gives. */
  private static int idTruePositives(Map<String, Integer> truthFrames, Map<String, Integer> predictedFrames,
      Map<String, Map<String, Integer>> overlapFrames) {
    List<String> gtIds = new ArrayList<>(truthFrames.keySet());
    List<String> hypIds = new ArrayList<>(predictedFrames.keySet());
    double[][] cost = new double[gtIds.size()][hypIds.size()];
    for (int i = 0; i < gtIds.size(); i++) {
      Map<String, Integer> row = overlapFrames.getOrDefault(gtIds.get(i), Map.of());
      for (int j = 0; j < hypIds.size(); j++) {
        cost[i][j] = -row.getOrDefault(hypIds.get(j), 0); // a pair with no agreement adds nothing
      }
    }
    int[] assigned = Assignment.minCost(cost);
    int idtp = 0;
    for (int i = 0; i < assigned.length; i++) {
      if (assigned[i] >= 0) {
        idtp += (int) -cost[i][assigned[i]];
      }
    }
    return idtp;
  }

  private static Map<String, double[]> byId(List<Box> boxes, String what, int frame) {
    Map<String, double[]> byId = new LinkedHashMap<>();
    for (Box box : boxes) {
      if (byId.put(box.id(), box.box()) != null) {
        throw new IllegalArgumentException(what + " of frame " + frame + " hold id " + box.id() + " twice");
      }
    }
    return byId;
  }
}
