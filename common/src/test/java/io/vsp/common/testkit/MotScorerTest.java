package io.vsp.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.testkit.MotScorer.Box;
import io.vsp.common.testkit.MotScorer.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scorer against small sequences scored by hand. Boxes span y 0..1, so an IoU is the overlap of their x
 * intervals over their union: [0,10] and [2,12] overlap 8 over 12, 0.667.
 */
class MotScorerTest {

  @Test
  void aPerfectTrackerScoresOne() {
    // 2 objects × 3 frames, predicted exactly: 6 matches, no miss, no false positive, no switch
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10), b("b", 20, 30)), List.of(b("a", 1, 11), b("b", 21, 31)),
        List.of(b("a", 2, 12), b("b", 22, 32)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10), b("2", 20, 30)),
        List.of(b("1", 1, 11), b("2", 21, 31)), List.of(b("1", 2, 12), b("2", 22, 32)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(6, 6, 6, 0, 6));
    assertThat(score.mota()).isEqualTo(1.0);
    assertThat(score.idf1()).isEqualTo(1.0);
  }

  @Test
  void anIdChangeMidwayIsOneSwitchAndHalvesIdf1() {
    // a in frames 0..3; id 1 on it in frames 0-1, id 2 in frames 2-3.
    // CLEAR: 4 matches, a switch at frame 2: MOTA = 1 - 1/4 = 0.75.
    // IDF1: a can own one id, 2 frames of agreement: IDTP 2, IDF1 = 2·2 / (4 + 4) = 0.5.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10)), List.of(b("a", 0, 10)), List.of(b("a", 0, 10)),
        List.of(b("a", 0, 10)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10)), List.of(b("1", 0, 10)), List.of(b("2", 0, 10)),
        List.of(b("2", 0, 10)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(4, 4, 4, 1, 2));
    assertThat(score.mota()).isEqualTo(0.75);
    assertThat(score.idf1()).isEqualTo(0.5);
  }

  @Test
  void aBoxUnderTheIouThresholdIsAMissAndAFalsePositive() {
    // a in frames 0..2; id 1 on it in frames 0 and 2, but at frame 1 at [6,16]: IoU 4/16 = 0.25 < 0.5.
    // CLEAR: 2 matches, 1 miss, 1 false positive, no switch (same id): MOTA = 1 - 2/3 = 1/3.
    // IDF1: a–1 agree in 2 frames: 2·2 / (3 + 3) = 2/3.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10)), List.of(b("a", 0, 10)), List.of(b("a", 0, 10)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10)), List.of(b("1", 6, 16)), List.of(b("1", 0, 10)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(3, 3, 2, 0, 2));
    assertThat(score.misses()).isEqualTo(1);
    assertThat(score.falsePositives()).isEqualTo(1);
    assertThat(score.mota()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(score.idf1()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void aMatchThatStillHoldsIsKeptEvenWhenSwappingWouldOverlapMore() {
    // frame 0: a=[0,10]–1, b=[20,30]–2. Frame 1: b moves onto [2,12], and the ids swap places: 1 at [2,12],
    // 2 at [0,10]. Swapping pairs would give IoU 1 + 1, keeping them 0.667 + 0.667; both reach 0.5, so CLEAR
    // keeps a–1 and b–2: no switch, MOTA 1. IDF1: a–1 and b–2 agree in both frames: 1.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10), b("b", 20, 30)), List.of(b("a", 0, 10), b("b", 2, 12)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10), b("2", 20, 30)),
        List.of(b("1", 2, 12), b("2", 0, 10)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(4, 4, 4, 0, 4));
    assertThat(score.mota()).isEqualTo(1.0);
    assertThat(score.idf1()).isEqualTo(1.0);
  }

  @Test
  void newPairsTakeTheBestAssignmentNotTheFirstFound() {
    // one frame: a=[0,10], b=[3,13]; predictions 1=[2,12], 2=[4,15]. IoU a–1 8/12 = 0.667, a–2 6/15 = 0.4
    // (< 0.5), b–1 9/11 = 0.818, b–2 9/12 = 0.75. Greedy best-first would take b–1 and leave a unmatched; the
    // assignment pairs a–1, b–2: 2 matches, MOTA 1.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10), b("b", 3, 13)));
    List<List<Box>> predicted = List.of(List.of(b("1", 2, 12), b("2", 4, 15)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score.matches()).isEqualTo(2);
    assertThat(score.mota()).isEqualTo(1.0);
  }

  @Test
  void aSwitchIsCountedAgainstTheLastMatchEvenAcrossAMiss() {
    // a in frames 0..4. Predicted: 1, nothing, 2, 1, 1.
    // CLEAR: frame 1 a miss; frame 2 a switch (last match 1, now 2); frame 3 another (2 -> 1); frame 4 none.
    // 4 matches, 1 miss, 2 switches: MOTA = 1 - 3/5 = 0.4. IDF1: a–1 agree 3 frames: 2·3 / (5 + 4) = 2/3.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10)), List.of(b("a", 0, 10)), List.of(b("a", 0, 10)),
        List.of(b("a", 0, 10)), List.of(b("a", 0, 10)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10)), List.of(), List.of(b("2", 0, 10)),
        List.of(b("1", 0, 10)), List.of(b("1", 0, 10)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(5, 4, 4, 2, 3));
    assertThat(score.mota()).isCloseTo(0.4, within(1e-12));
    assertThat(score.idf1()).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void aTrackResumingItsIdAfterAGapIsNoSwitch() {
    // a in frames 0..2, predicted 1, nothing, 1: a miss but no switch. MOTA = 1 - 1/3; IDF1 = 2·2 / (3 + 2) = 0.8.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10)), List.of(b("a", 0, 10)), List.of(b("a", 0, 10)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10)), List.of(), List.of(b("1", 0, 10)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(3, 2, 2, 0, 2));
    assertThat(score.idf1()).isCloseTo(0.8, within(1e-12));
  }

  @Test
  void idf1TakesTheBestGlobalIdAssignmentNotTheGreedyOne() {
    // a in frames 0..4 at [0,10]; b in frames 3..4 at [50,60].
    // id 1: on a in frames 0..2, then on b in frames 3..4; id 2: on a in frames 3..4.
    // Agreement: a–1 3 frames, a–2 2, b–1 2, b–2 0. Greedy (a–1 first) gives 3; the best is a–2 + b–1 = 4.
    // IDF1 = 2·4 / (7 + 7) = 4/7. CLEAR: 7 matches, a switches 1 -> 2 at frame 3 (b's first match is none):
    // MOTA = 1 - 1/7 = 6/7.
    List<List<Box>> truth = List.of(List.of(b("a", 0, 10)), List.of(b("a", 0, 10)), List.of(b("a", 0, 10)),
        List.of(b("a", 0, 10), b("b", 50, 60)), List.of(b("a", 0, 10), b("b", 50, 60)));
    List<List<Box>> predicted = List.of(List.of(b("1", 0, 10)), List.of(b("1", 0, 10)), List.of(b("1", 0, 10)),
        List.of(b("2", 0, 10), b("1", 50, 60)), List.of(b("2", 0, 10), b("1", 50, 60)));

    Score score = MotScorer.score(truth, predicted);

    assertThat(score).isEqualTo(new Score(7, 7, 7, 1, 4));
    assertThat(score.idf1()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(score.mota()).isCloseTo(6.0 / 7, within(1e-12));
  }

  @Test
  void falsePositivesCanDriveMotaBelowZero() {
    // a in one frame, found, plus 3 boxes of nothing: MOTA = 1 - 3/1 = -2; IDF1 = 2·1 / (1 + 4) = 0.4.
    Score score = MotScorer.score(List.of(List.of(b("a", 0, 10))),
        List.of(List.of(b("1", 0, 10), b("2", 30, 40), b("3", 50, 60), b("4", 70, 80))));

    assertThat(score.mota()).isEqualTo(-2.0);
    assertThat(score.idf1()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void anIdTwiceInOneFrameIsRefused() {
    assertThatThrownBy(() -> MotScorer.score(List.of(List.of(b("a", 0, 10))),
        List.of(List.of(b("1", 0, 10), b("1", 20, 30)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("predictions of frame 0 hold id 1 twice");
  }

  @Test
  void assignmentFindsTheCheapestPairing() {
    // rows→cols 1,0,2 cost 1+2+2 = 5; every other permutation costs more (e.g. 0,1,2: 4+0+2 = 6)
    assertThat(Assignment.minCost(new double[][] {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}})).containsExactly(1, 0, 2);
    // more rows than columns: the cheaper of the rows gets the only column
    assertThat(Assignment.minCost(new double[][] {{5}, {1}, {3}})).containsExactly(-1, 0, -1);
    assertThat(Assignment.minCost(new double[][] {{9, 1, 8, 0.5}})).containsExactly(3);
  }

  private static Box b(String id, double x1, double x2) {
    return new Box(id, new double[] {x1, 0, x2, 1});
  }
}
