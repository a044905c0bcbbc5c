package io.vsp.detector.compare;

import io.vsp.common.wire.Boxes;
import io.vsp.common.wire.Detections;
import io.vsp.detector.postprocess.DetectedObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two detections topics frame by frame: pure, fed record by record ({@link #add}), then
 * {@link #report}. Frames are matched by their {@code frames} record's partition and offset (the {@code frame}
 * field of SPEC §5); in a frame both sides {@code processed}, boxes are matched greedily: of all pairs with the
 * same label and IoU ≥ {@link #MATCH_IOU}, the highest IoU first, each box used once (greedy rather than
 * Hungarian: boxes of one label in one frame rarely overlap enough for the two to differ, and greedy is what
 * detection benchmarks use).
 */
public final class DetectionsComparison {
  public static final double MATCH_IOU = 0.5;

  /** Which topic a record came from. */
  public enum Side { A, B }

  private record FrameKey(int partition, long offset) {}

  private final Map<Side, Map<FrameKey, Detections>> frames = Map.of(Side.A, new HashMap<>(), Side.B, new HashMap<>());
  private final Map<Side, long[]> counts = Map.of(Side.A, new long[3], Side.B, new long[3]); // records, dup, bad

  /** A detections record of {@code side}; a second record of the same frame is counted as a duplicate. */
  public void add(Side side, Detections d) {
    if (d.frame() == null) {
      unreadable(side);
      return;
    }
    counts.get(side)[0]++;
    if (frames.get(side).putIfAbsent(new FrameKey(d.frame().partition(), d.frame().offset()), d) != null) {
      counts.get(side)[1]++;
    }
  }

  /** A record of {@code side} that is not a detections value. */
  public void unreadable(Side side) {
    counts.get(side)[2]++;
  }

  public ComparisonReport report() {
    Map<FrameKey, Detections> a = frames.get(Side.A);
    Map<FrameKey, Detections> b = frames.get(Side.B);
    Map<String, Stats> perLabel = new TreeMap<>();
    Stats overall = new Stats();
    long compared = 0;
    long notCompared = 0;
    long onlyA = 0;
    for (var e : a.entrySet()) {
      Detections other = b.get(e.getKey());
      if (other == null) {
        onlyA++;
      } else if (!processed(e.getValue()) || !processed(other)) {
        notCompared++;
      } else {
        compared++;
        compareFrame(e.getValue(), other, perLabel, overall);
      }
    }
    long onlyB = b.keySet().stream().filter(k -> !a.containsKey(k)).count();
    var frameCounts = new ComparisonReport.Frames(counts.get(Side.A)[0], counts.get(Side.B)[0], compared, onlyA, onlyB,
        notCompared, status(a, Detections.CORRUPT), status(b, Detections.CORRUPT), status(a, Detections.STALE),
        status(b, Detections.STALE), counts.get(Side.A)[1], counts.get(Side.B)[1], counts.get(Side.A)[2],
        counts.get(Side.B)[2]);
    List<ComparisonReport.LabelStats> labels = new ArrayList<>();
    perLabel.forEach((label, s) -> labels.add(s.toStats(label)));
    return new ComparisonReport(MATCH_IOU, frameCounts, labels, overall.toStats("all"), timing(a), timing(b));
  }

  private static void compareFrame(Detections a, Detections b, Map<String, Stats> perLabel, Stats overall) {
    for (var o : a.objects()) {
      perLabel.computeIfAbsent(o.label(), l -> new Stats()).objectsA++;
      overall.objectsA++;
    }
    for (var o : b.objects()) {
      perLabel.computeIfAbsent(o.label(), l -> new Stats()).objectsB++;
      overall.objectsB++;
    }
    record Pair(int i, int j, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < a.objects().size(); i++) {
      for (int j = 0; j < b.objects().size(); j++) {
        var oa = a.objects().get(i);
        var ob = b.objects().get(j);
        double iou = Boxes.iou(oa.box(), ob.box());
        if (oa.label().equals(ob.label()) && iou >= MATCH_IOU) {
          pairs.add(new Pair(i, j, iou));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed().thenComparingInt(Pair::i).thenComparingInt(Pair::j));
    Set<Integer> usedA = new HashSet<>();
    Set<Integer> usedB = new HashSet<>();
    for (Pair p : pairs) {
      if (usedA.contains(p.i()) || usedB.contains(p.j())) {
        continue;
      }
      usedA.add(p.i());
      usedB.add(p.j());
      var oa = a.objects().get(p.i());
      double shift = b.objects().get(p.j()).score() - oa.score();
      perLabel.get(oa.label()).match(p.iou(), shift);
      overall.match(p.iou(), shift);
    }
  }

  private static boolean processed(Detections d) {
    return Detections.PROCESSED.equals(d.status());
  }

  private static long status(Map<FrameKey, Detections> side, String status) {
    return side.values().stream().filter(d -> status.equals(d.status())).count();
  }

  private static ComparisonReport.Timing timing(Map<FrameKey, Detections> side) {
    double[] ms = side.values().stream().filter(DetectionsComparison::processed).filter(d -> d.timing() != null)
        .mapToDouble(d -> d.timing().inferMs()).sorted().toArray();
    if (ms.length == 0) {
      return new ComparisonReport.Timing(0, null, null, null);
    }
    double sum = 0;
    for (double v : ms) {
      sum += v;
    }
    return new ComparisonReport.Timing(ms.length, sum / ms.length, rank(ms, 0.50), rank(ms, 0.99));
  }

  /** Nearest-rank percentile of sorted values. */
  private static double rank(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** One label's (or all labels') running counts. */
  private static final class Stats {
    long objectsA;
    long objectsB;
    long matched;
    double iouSum;
    double shiftSum;

    void match(double iou, double shift) {
      matched++;
      iouSum += iou;
      shiftSum += shift;
    }

    ComparisonReport.LabelStats toStats(String label) {
      return new ComparisonReport.LabelStats(label, objectsA, objectsB, matched, ratio(matched, objectsB),
          ratio(matched, objectsA), matched == 0 ? null : iouSum / matched, matched == 0 ? null : shiftSum / matched);
    }

    private static Double ratio(long n, long d) {
      return d == 0 ? null : (double) n / d;
    }
  }
}
