package io.vsp.detector.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CandidatesTest {
  private final Candidates candidates = new Candidates();

  @Test
  void orderIsByDescendingScoreAndCappedAtTheLimit() {
    candidates.add(0, 0, 1, 1, 0.3f, 0);
    candidates.add(0, 0, 1, 1, 0.9f, 0);
    candidates.add(0, 0, 1, 1, 0.6f, 0);
    candidates.add(0, 0, 1, 1, 0.6f, 0);

    assertThat(candidates.byScore(10)).containsExactly(1, 2, 3, 0);
    assertThat(candidates.byScore(2)).containsExactly(1, 2);
  }

  @Test
  void duplicatesOfABetterBoxOfTheSameClassAreSuppressed() {
    candidates.add(100, 100, 200, 200, 0.9f, 0);
    candidates.add(102, 101, 201, 203, 0.8f, 0); // IoU ≈ 0.94 with the first
    candidates.add(300, 300, 400, 400, 0.7f, 0); // apart

    assertThat(candidates.suppress(candidates.byScore(10), 0.7, 100)).containsExactly(0, 2);
  }

  @Test
  void suppressionIsPerClass() {
    candidates.add(100, 100, 200, 200, 0.9f, 0);
    candidates.add(100, 100, 200, 200, 0.8f, 2);

    assertThat(candidates.suppress(candidates.byScore(10), 0.7, 100)).containsExactly(0, 1);
  }

  @Test
  void overlapAtOrBelowTheThresholdIsKept() {
    candidates.add(0, 0, 100, 100, 0.9f, 0);
    candidates.add(50, 0, 150, 100, 0.8f, 0); // IoU exactly 1/3

    assertThat(candidates.iou(0, 1)).isEqualTo(1 / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(candidates.suppress(candidates.byScore(10), 1 / 3.0 + 1e-9, 100)).containsExactly(0, 1);
    assertThat(candidates.suppress(candidates.byScore(10), 0.3, 100)).containsExactly(0);
  }

  @Test
  void topKStopsAfterThatManyKeptBoxes() {
    for (int i = 0; i < 10; i++) {
      candidates.add(i * 100, 0, i * 100 + 50, 50, 0.5f + i / 100f, 1);
    }

    assertThat(candidates.suppress(candidates.byScore(10), 0.7, 3)).containsExactly(9, 8, 7);
  }

  @Test
  void growsPastItsFirstCapacityAndClearsForTheNextImage() {
    for (int i = 0; i < 200; i++) {
      candidates.add(i, i, i + 1, i + 1, i / 200f, i % 80);
    }

    assertThat(candidates.size()).isEqualTo(200);
    assertThat(candidates.classId(199)).isEqualTo(199 % 80);
    candidates.clear();
    assertThat(candidates.size()).isZero();
  }
}
