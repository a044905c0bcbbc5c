package io.vsp.detector.compare;

import java.util.List;

/**
 * What {@code vsp compare} reports about detections topic B against A (issue 14); {@code --json} prints it as is.
 * Ratios and means are null where they have nothing to divide by (no object of a label on that side, no match).
 *
 * @param matchIou the IoU a pair of same-label boxes needs to match
 * @param labels per label, sorted by name
 * @param overall all labels together
 */
public record ComparisonReport(double matchIou, Frames frames, List<LabelStats> labels, LabelStats overall,
                               Timing inferMsA, Timing inferMsB) {
  public ComparisonReport {
    labels = List.copyOf(labels);
  }

  /**
   * Frames (by the partition and offset of their {@code frames} record).
   *
   * @param compared frames both sides {@code processed}: only their objects are counted and matched
   * @param onlyA frames A has a record of and B has not (and the reverse)
   * @param notCompared frames on both sides where either record is {@code stale} or {@code corrupt}
   * @param corruptA records of status {@code corrupt}, counted apart (also {@code stale})
   * @param duplicatesA records beyond the first of a frame (none under exactly once)
   * @param unreadableA records that are not a detections value
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

  /** {@code timing.inferMs} of one side's {@code processed} records: the batch's inference time, per frame. */
  public record Timing(long frames, Double mean, Double p50, Double p99) {}
}
