package io.vsp.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxesTest {

  @Test
  void iouIsOverlapOverUnion() {
    assertThat(Boxes.iou(box(0, 0, 0.1, 0.1), box(0.2, 0.2, 0.3, 0.3))).isZero();
    assertThat(Boxes.iou(box(0, 0, 0.1, 0.1), box(0, 0, 0.1, 0.1))).isEqualTo(1.0);
    assertThat(Boxes.iou(box(0, 0, 0.2, 0.1), box(0.1, 0, 0.3, 0.1))).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(Boxes.iou(box(0, 0, 0.2, 0.1), box(0.2, 0, 0.3, 0.1))).as("touching edges").isZero();
  }

  private static double[] box(double x1, double y1, double x2, double y2) {
    return new double[] {x1, y1, x2, y2};
  }
}
