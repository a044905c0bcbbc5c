package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoxLayoutTest {
  @Test
  void linesAreEvenAlignedSoChromaBlocksAreWhollyInside() {
    BoxLayout l = BoxLayout.of(1280, 720, new double[] {0.1003, 0.2011, 0.3507, 0.6013}, 6, 100, 14, 6);
    for (int[] r : l.edges()) {
      assertThat(r[0] % 2).isZero();
      assertThat(r[1] % 2).isZero();
      assertThat(r[2] % 2).isZero();
      assertThat(r[3] % 2).isZero();
    }
    int[] left = l.edges()[0];
    int edge = (int) Math.round(0.1003 * 1280);
    assertThat(edge).isBetween(left[0], left[0] + left[2] - 1);
  }

  @Test
  void labelSitsAboveTheBoxOrInsideWhenThereIsNoRoom() {
    BoxLayout above = BoxLayout.of(1280, 720, new double[] {0.1, 0.5, 0.3, 0.9}, 6, 100, 14, 6);
    assertThat(above.label()[1] + above.label()[3]).isEqualTo(above.edges()[2][1]);
    BoxLayout inside = BoxLayout.of(1280, 720, new double[] {0.1, 0.0, 0.3, 0.5}, 6, 100, 14, 6);
    assertThat(inside.label()[1]).isGreaterThanOrEqualTo(0);
    assertThat(inside.textY()).isLessThan((int) (0.5 * 720));
  }

  @Test
  void labelStaysInsideTheFrameAtTheRightEdge() {
    BoxLayout l = BoxLayout.of(640, 360, new double[] {0.95, 0.5, 1.0, 0.9}, 4, 150, 10, 4);
    assertThat(l.label()[0] + l.label()[2]).isLessThanOrEqualTo(640);
  }
}
