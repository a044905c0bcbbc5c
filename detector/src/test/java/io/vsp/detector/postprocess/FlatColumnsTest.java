package io.vsp.detector.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FlatColumnsTest {
  @Test
  void scoreThenClassIsTheCurrentLayout() {
    assertThat(FlatColumns.classBeforeScore(FloatBuffer.wrap(new float[] {0, 1, 2, 3, 4, 0.91f, 16}), 1)).isFalse();
  }

  @Test
  void wholeNumbersBeforeFractionsMeanTheOlderClassThenScoreLayout() {
    float[] table = {0, 1, 2, 3, 4, 16, 0.91f, 0, 1, 2, 3, 4, 2, 0.5f};
    assertThat(FlatColumns.classBeforeScore(FloatBuffer.wrap(table), 2)).isTrue();
  }

  @Test
  void ambiguousOrEmptyTablesKeepTheCurrentLayout() {
    assertThat(FlatColumns.classBeforeScore(FloatBuffer.wrap(new float[] {0, 1, 2, 3, 4, 1, 0}), 1)).isFalse();
    assertThat(FlatColumns.classBeforeScore(FloatBuffer.allocate(0), 0)).isFalse();
  }
}
