package io.vsp.detector.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlatColumnsTest {
  @Test
  void scoreThenClassIsTheCurrentLayout() {
    assertThat(FlatColumns.classBeforeScore(new float[] {0, 1, 2, 3, 4, 0.91f, 16}, 1)).isFalse();
  }

  @Test
  void wholeNumbersBeforeFractionsMeanTheOlderClassThenScoreLayout() {
    assertThat(FlatColumns.classBeforeScore(new float[] {0, 1, 2, 3, 4, 16, 0.91f, 0, 1, 2, 3, 4, 2, 0.5f}, 2))
        .isTrue();
  }

  @Test
  void ambiguousOrEmptyTablesKeepTheCurrentLayout() {
    assertThat(FlatColumns.classBeforeScore(new float[] {0, 1, 2, 3, 4, 1, 0}, 1)).isFalse();
    assertThat(FlatColumns.classBeforeScore(new float[0], 0)).isFalse();
  }
}
