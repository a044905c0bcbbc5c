package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MatcherTest {
  private static double[] box(double x1, double y1, double x2, double y2) {
    return new double[] {x1, y1, x2, y2};
  }

  @Test
  void bestOverlapIsPairedFirst() {
    Matcher.Candidate left = new Matcher.Candidate(box(0.10, 0.1, 0.30, 0.3), true);
    Matcher.Candidate right = new Matcher.Candidate(box(0.20, 0.1, 0.40, 0.3), true);

    // the detection near "right" overlaps "left" enough too, but right is the better pair
    int[] trackOf = Matcher.match(List.of(left, right), List.of(box(0.21, 0.1, 0.41, 0.3), box(0.09, 0.1, 0.29, 0.3)),
        0.3);

    assertThat(trackOf).containsExactly(1, 0);
  }

  @Test
  void overlapUnderTheThresholdDoesNotMatch() {
    Matcher.Candidate track = new Matcher.Candidate(box(0.1, 0.1, 0.2, 0.2), true);

    assertThat(Matcher.match(List.of(track), List.of(box(0.17, 0.1, 0.27, 0.2)), 0.3)).containsExactly(-1);
  }

  @Test
  void onceSeenTrackMatchesANearDetectionOfSimilarSizeWithoutOverlap() {
    Matcher.Candidate once = new Matcher.Candidate(box(0.1, 0.1, 0.2, 0.3), false);
    Matcher.Candidate moving = new Matcher.Candidate(box(0.1, 0.1, 0.2, 0.3), true);
    List<double[]> next = List.of(box(0.22, 0.1, 0.32, 0.3)); // 1.2 widths right, no overlap

    assertThat(Matcher.match(List.of(once), next, 0.3)).containsExactly(0);
    assertThat(Matcher.match(List.of(moving), next, 0.3)).containsExactly(-1); // its prediction said elsewhere
  }

  @Test
  void matchingByIouAloneLeavesTheGateShut() {
    Matcher.Candidate once = new Matcher.Candidate(box(0.1, 0.1, 0.2, 0.3), false);

    assertThat(Matcher.matchByIou(List.of(once), List.of(box(0.22, 0.1, 0.32, 0.3)), 0.3)).containsExactly(-1);
    assertThat(Matcher.matchByIou(List.of(once), List.of(box(0.12, 0.1, 0.22, 0.3)), 0.3)).containsExactly(0);
  }

  @Test
  void gateRefusesFarOrDifferentlySizedDetections() {
    double[] track = box(0.1, 0.1, 0.2, 0.2); // diagonal 0.1414

    assertThat(Matcher.withinGate(track, box(0.35, 0.1, 0.45, 0.2))).isFalse(); // 0.25 away: 1.77 diagonals
    assertThat(Matcher.withinGate(track, box(0.2, 0.1, 0.35, 0.25))).isFalse(); // 2.25× the area
    assertThat(Matcher.withinGate(track, box(0.2, 0.1, 0.3, 0.2))).isTrue();
  }

}
