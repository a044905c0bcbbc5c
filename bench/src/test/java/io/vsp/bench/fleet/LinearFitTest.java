package io.vsp.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-camera slopes of the fleet report, against fits worked by hand. */
class LinearFitTest {

  @Test
  void pointsOnALineGiveItsSlopeAndIntercept() {
    LinearFit fit = LinearFit.of(List.of(new LinearFit.Point(10, 0.3), new LinearFit.Point(20, 0.5),
        new LinearFit.Point(40, 0.9)));

    assertThat(fit.slope()).isCloseTo(0.02, within(1e-12));
    assertThat(fit.intercept()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void repeatedRunsAtOneSizeCountAsTheirMean() {
    // (1,1) (1,3) (3,5): means x 5/3, y 3; sxx = 8/3, sxy = 4 -> slope 1.5, intercept 3 - 1.5 * 5/3 = 0.5
    LinearFit fit = LinearFit.of(List.of(new LinearFit.Point(1, 1), new LinearFit.Point(1, 3),
        new LinearFit.Point(3, 5)));

    assertThat(fit.slope()).isCloseTo(1.5, within(1e-12));
    assertThat(fit.intercept()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void aLineNeedsTwoDifferentSizes() {
    assertThatThrownBy(() -> LinearFit.of(List.of(new LinearFit.Point(10, 1))))
        .hasMessage("a line needs at least 2 points, got 1");
    assertThatThrownBy(() -> LinearFit.of(List.of(new LinearFit.Point(10, 1), new LinearFit.Point(10, 2))))
        .hasMessage("a line needs at least 2 different sizes, got only 10.0");
  }
}
