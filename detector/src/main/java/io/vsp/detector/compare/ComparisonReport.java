package io.vsp.detector.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code vsp compare} reports about detections topic B against A (issue 14); {@code --json} prints it as is.
 * Ratios and means are null where they have nothing to divide by (no object of a label on that side, no match).
 *
 * @param matchIou the IoU a pair of same-label boxes needs to match
 * @param skippedA records of A refused by the {@code detections} input rules and skipped, by reason (the
 *     {@code reason} labels of {@code vsp_invalid_records_total}, every reason listed); their sum is
 *     {@link Frames#unreadableA}
 * @param pending how many frames waited for the other side at once
 * @param labels per label, sorted by name
 * @param overall all labels together
 */
public record ComparisonReport(double matchIou, Frames frames, Map<String, Long> skippedA, Map<String, Long> skippedB,
                               Pending pending, List<LabelStats> labels, LabelStats overall, Timing inferMsA,
                               Timing inferMsB) {
  public ComparisonReport {
    labels = List.copyOf(labels);
    skippedA = Collections.unmodifiableMap(new LinkedHashMap<>(skippedA)); // in Reason order
    skippedB = Collections.unmodifiableMap(new LinkedHashMap<>(skippedB));
  }

  /**
   * Frames (by the partition and offset of their {@code frames} record).
   *
   * @param compared frames both sides {@code processed}: only their objects are counted and matched
   * @param onlyA frames A has a record of and B has not (and the reverse)
   * @param notCompared frames on both sides where either record is {@code stale} or {@code corrupt}
   * @param corruptA records of status {@code corrupt}, counted apart (also {@code stale})
   * @param duplicatesA records beyond the first of a frame (none under exactly once)
   * @param unreadableA records refused by the {@code detections} input rules (not JSON, no frame or capture
   *     time, a bad box, a key that is not the record's camera...) and skipped: the sum of {@code skippedA}
   */
  public record Frames(long recordsA, long recordsB, long compared, long onlyA, long onlyB, long notCompared,
                       long corruptA, long corruptB, long staleA, long staleB, long duplicatesA, long duplicatesB,
                       long unreadableA, long unreadableB) {}

  /**
   * @param precision matched ÷ objectsB: how much of what B finds A found too
   * @param recall matched ÷ objectsA: how much of what A finds B finds too
   * @param meanIou over matched pairs
   * @param meanScoreShift B's score minus A's, over matched pairs
   */
  public record LabelStats(String label, long objectsA, long objectsB, long matched, Double precision, Double recall,
                           Double meanIou, Double meanScoreShift) {}

  /**
   * The memory bound: frames of one side wait for the other side only until it has passed them, and never more
   * than {@code limit} at once ({@code --max-pending}).
   *
   * @param peak the most frames that waited at once
   * @param givenUp frames that waited when the limit was reached and were counted as one side's only without
   *     waiting longer: when above 0, onlyA/onlyB (and so the matches) may be wrong
   */
  public record Pending(long limit, long peak, long givenUp) {}

  /**
   * {@code timing.inferMs} of one side's {@code processed} records: the batch's inference time, per frame.
   * Percentiles come from a fixed-size histogram: within 0.5 % of the exact nearest-rank value; records with no
   * {@code timing} or a negative or non-finite {@code inferMs} are not counted.
   */
  public record Timing(long frames, Double mean, Double p50, Double p99) {}
}
