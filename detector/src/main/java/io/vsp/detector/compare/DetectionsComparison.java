package io.vsp.detector.compare;

import io.vsp.common.inbound.Reason;
import io.vsp.common.wire.Boxes;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two detections topics frame by frame, in bounded memory: pure, fed record by record while the two
 * topics are read side by side ({@link #add}), then {@link #report}. Frames are matched by their {@code frames}
 * record's partition and offset (the {@code frame} field of SPEC §5); in a frame both sides {@code processed},
 * boxes are matched greedily: of all pairs with the same label and IoU ≥ {@link #MATCH_IOU}, the highest IoU
 * first, each box used once (greedy rather than Hungarian: boxes of one label in one frame rarely overlap enough
 * for the two to differ, and greedy is what detection benchmarks use).
 *
 * <p><b>Memory bound.</b> A detector writes each camera's records in the order of its frames (it publishes in
 * consumption order), so on each side the frame offsets of a <i>lane</i> (a {@code frames} partition and a record
 * key, the camera) only grow. A frame of one side waits only until the other side's lane has passed its offset
 * (then it is that side's only) or the other side has ended; a frame it meets is compared at once and
 * forgotten. At most {@code maxPending} frames wait at once, both sides together: beyond, the longest waiting is
 * given up, counted as its side's only and in {@link ComparisonReport.Pending#givenUp}, which flags the report as
 * approximate. Counts are running sums and {@code inferMs} percentiles come from a {@link LogHistogram}, so
 * memory is the waiting frames (≤ {@code maxPending}, about 1 KB each) plus one offset per lane and side. A record
 * at or before an offset its lane already had is counted as a duplicate (under exactly once only an out-of-order
 * writer makes one) and not compared.
 *
 * <p>Records are those {@code RecordRules.detections} admitted; the others are only counted ({@link #skipped}).
 */
public final class DetectionsComparison {
  public static final double MATCH_IOU = 0.5;
  /** Waiting frames at most, by default: about 50 MB. */
  public static final int DEFAULT_MAX_PENDING = 50_000;

  /** Which topic a record came from. */
  public enum Side {
    A, B;

    Side other() {
      return this == A ? B : A;
    }
  }

  /** Where a record lay in its topic: its partition, and its key (null when it had none). */
  public record Origin(int partition, String key) {}

  private record Lane(int framePartition, String key) {}

  private record Waiting(long offset, int source, long seq, Detections detections) {}

  private final long fromUs;
  private final long toUs;
  private final int maxPending;
  private final Map<Side, SideState> sides = new EnumMap<>(Map.of(Side.A, new SideState(), Side.B, new SideState()));
  private final Map<String, Stats> perLabel = new TreeMap<>();
  private final Stats overall = new Stats();
  private long compared;
  private long notCompared;
  private long waiting;
  private long peak;
  private long givenUp;
  private long arrivals;

  /** Every frame, at most {@link #DEFAULT_MAX_PENDING} waiting. */
  public DetectionsComparison() {
    this(Long.MIN_VALUE, Long.MAX_VALUE, DEFAULT_MAX_PENDING);
  }

  /**
   * @param fromUs frames captured from then on are compared (epoch µs); the others only tell how far a side got
   * @param toUs and before then
   * @param maxPending frames waiting for the other side at most, both sides together
   */
  public DetectionsComparison(long fromUs, long toUs, int maxPending) {
    if (maxPending < 1) {
      throw new IllegalArgumentException("maxPending " + maxPending + " is not at least 1");
    }
    this.fromUs = fromUs;
    this.toUs = toUs;
    this.maxPending = maxPending;
  }

  /** A detections record of {@code side} that {@code RecordRules.detections} admitted. */
  public void add(Side side, Origin origin, Detections d) {
    SideState own = sides.get(side);
    SideState other = sides.get(side.other());
    Lane lane = new Lane(d.frame().partition(), origin.key() == null ? "" : origin.key());
    long offset = d.frame().offset();
    Long last = own.passed.get(lane);
    if (!inWindow(d)) { // not compared, but the side has passed it
      if (last == null || offset > last) {
        own.passed.put(lane, offset);
        onlyUpTo(other, lane, offset);
      }
      return;
    }
    own.records++;
    if (last != null && offset <= last) {
      own.duplicates++;
      return;
    }
    own.passed.put(lane, offset);
    own.count(d);
    onlyUpTo(other, lane, offset - 1);
    ArrayDeque<Waiting> queue = other.waiting.get(lane);
    if (queue != null && queue.peekFirst().offset() == offset) {
      Detections met = take(other, lane).detections();
      compare(side == Side.A ? d : met, side == Side.A ? met : d);
    } else if (other.ended || other.passed.getOrDefault(lane, -1L) >= offset) {
      own.only++;
    } else {
      await(own, lane, new Waiting(offset, origin.partition(), arrivals++, d));
    }
  }

  /** A record of {@code side} that broke the {@code detections} input rules, for {@code reason}. */
  public void skipped(Side side, Reason reason) {
    sides.get(side).skipped.merge(reason, 1L, Long::sum);
  }

  /** {@code side} has no more records: the other side's frames still waiting are its only. */
  public void end(Side side) {
    sides.get(side).ended = true;
    SideState other = sides.get(side.other());
    for (Lane lane : List.copyOf(other.waiting.keySet())) {
      onlyUpTo(other, lane, Long.MAX_VALUE);
    }
  }

  /** Frames of {@code side} from its topic's {@code partition} waiting for the other side: for flow control. */
  public int waiting(Side side, int partition) {
    return sides.get(side).waitingBySource.getOrDefault(partition, 0);
  }

  /** Ends both sides, then reports. */
  public ComparisonReport report() {
    end(Side.A);
    end(Side.B);
    SideState a = sides.get(Side.A);
    SideState b = sides.get(Side.B);
    var frameCounts = new ComparisonReport.Frames(a.records, b.records, compared, a.only, b.only, notCompared,
        a.corrupt, b.corrupt, a.stale, b.stale, a.duplicates, b.duplicates, a.skippedTotal(), b.skippedTotal());
    List<ComparisonReport.LabelStats> labels = new ArrayList<>();
    perLabel.forEach((label, s) -> labels.add(s.toStats(label)));
    return new ComparisonReport(MATCH_IOU, frameCounts, a.skippedByLabel(), b.skippedByLabel(),
        new ComparisonReport.Pending(maxPending, peak, givenUp), labels, overall.toStats("all"), a.timing(),
        b.timing());
  }

  private boolean inWindow(Detections d) {
    if (fromUs == Long.MIN_VALUE && toUs == Long.MAX_VALUE) {
      return true;
    }
    long ts = Json.parseMicros(d.ts()); // RecordRules.detections checked it
    return ts >= fromUs && ts < toUs;
  }

  /** The frames of {@code side} waiting in {@code lane} up to {@code offset}, which the other side passed. */
  private void onlyUpTo(SideState side, Lane lane, long offset) {
    ArrayDeque<Waiting> queue = side.waiting.get(lane);
    while (queue != null && !queue.isEmpty() && queue.peekFirst().offset() <= offset) {
      take(side, lane);
      side.only++;
      queue = side.waiting.get(lane);
    }
  }

  private void await(SideState side, Lane lane, Waiting w) {
    side.waiting.computeIfAbsent(lane, l -> new ArrayDeque<>()).addLast(w);
    side.waitingBySource.merge(w.source(), 1, Integer::sum);
    waiting++;
    if (waiting > maxPending) {
      giveUpLongestWaiting();
    }
    peak = Math.max(peak, waiting);
  }

  /** Over the bound: the frame waiting longest (the head of some lane) is counted as its side's only. */
  private void giveUpLongestWaiting() {
    SideState oldestSide = null;
    Lane oldestLane = null;
    long oldest = Long.MAX_VALUE;
    for (SideState side : sides.values()) {
      for (var e : side.waiting.entrySet()) {
        if (e.getValue().peekFirst().seq() < oldest) {
          oldest = e.getValue().peekFirst().seq();
          oldestSide = side;
          oldestLane = e.getKey();
        }
      }
    }
    take(oldestSide, oldestLane);
    oldestSide.only++;
    givenUp++;
  }

  private Waiting take(SideState side, Lane lane) {
    ArrayDeque<Waiting> queue = side.waiting.get(lane);
    Waiting w = queue.pollFirst();
    if (queue.isEmpty()) {
      side.waiting.remove(lane);
    }
    side.waitingBySource.merge(w.source(), -1, (n, d) -> n + d == 0 ? null : n + d);
    waiting--;
    return w;
  }

  private void compare(Detections a, Detections b) {
    if (!processed(a) || !processed(b)) {
      notCompared++;
    } else {
      compared++;
      compareFrame(a, b, perLabel, overall);
    }
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


  /** One side's running counts and the frames of it that wait for the other side. */
  private static final class SideState {
    final Map<Lane, Long> passed = new HashMap<>(); // the highest frame offset seen, per lane
    final Map<Lane, ArrayDeque<Waiting>> waiting = new HashMap<>(); // in offset order; no empty queues
    final Map<Integer, Integer> waitingBySource = new HashMap<>(); // by the side's topic partition; no zeros
    final Map<Reason, Long> skipped = new EnumMap<>(Reason.class);
    final LogHistogram inferMs = new LogHistogram();
    boolean ended;
    long records;
    long only;
    long corrupt;
    long stale;
    long duplicates;

    /** The first record of a frame. */
    void count(Detections d) {
      if (Detections.CORRUPT.equals(d.status())) {
        corrupt++;
      } else if (Detections.STALE.equals(d.status())) {
        stale++;
      } else if (d.timing() != null) {
        inferMs.record(d.timing().inferMs());
      }
    }

    long skippedTotal() {
      return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> skippedByLabel() {
      Map<String, Long> byLabel = new LinkedHashMap<>();
      for (Reason r : Reason.values()) {
        byLabel.put(r.label(), skipped.getOrDefault(r, 0L));
      }
      return byLabel;
    }

    ComparisonReport.Timing timing() {
      return new ComparisonReport.Timing(inferMs.count(), inferMs.mean(), inferMs.percentile(0.50),
          inferMs.percentile(0.99));
    }
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
