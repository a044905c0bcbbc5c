package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxStyleTest {
  static final int[][] DETECTOR_PALETTE = {
      {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 0}, {0, 255, 255}, {255, 0, 255}};

  @Test
  void boxColoursStayFarFromEveryDetectorPaletteColourAndFromGrey() {
    for (String label : new String[] {"person", "car", "dog", "cat", "bicycle", "truck", "zebra", "x"}) {
      int[] c = BoxStyle.rgb(label);
      for (int[] p : DETECTOR_PALETTE) {
        assertThat(maxDiff(c, p)).as("%s vs palette", label).isGreaterThanOrEqualTo(127);
      }
      assertThat(maxDiff(c, new int[] {128, 128, 128})).as("%s vs grey", label).isGreaterThanOrEqualTo(127);
    }
    assertThat(BoxStyle.rgb("person")).containsExactly(255, 128, 0);
  }

  @Test
  void thicknessIsEvenAndGrowsWithHeight() {
    assertThat(BoxStyle.thickness(240)).isEqualTo(4);
    assertThat(BoxStyle.thickness(720)).isEqualTo(6);
    assertThat(BoxStyle.thickness(1080)).isEqualTo(8);
    assertThat(BoxStyle.thickness(2160)).isEqualTo(16);
  }

  static int maxDiff(int[] a, int[] b) {
    int d = 0;
    for (int k = 0; k < 3; k++) {
      d = Math.max(d, Math.abs(a[k] - b[k]));
    }
    return d;
  }
}
