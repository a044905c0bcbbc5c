package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.wire.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoxPathTest {
  static final long T0 = TestVideo.EPOCH_US;

  static Event.PathPoint point(long us, double x1, double score) {
    return new Event.PathPoint(TestVideo.iso(us), new double[] {x1, 0.2, x1 + 0.1, 0.4}, score);
  }

  private final BoxPath path = BoxPath.of(List.of(
      point(T0 + 200_000, 0.5, 0.8), point(T0, 0.1, 0.6))); // out of order on purpose

  @Test
  void boxBetweenDetectionsIsInterpolatedByCaptureTime() {
    BoxPath.Placed p = path.at(T0 + 40_000);
    assertThat(p.box()[0]).isCloseTo(0.18, within(1e-9));
    assertThat(p.box()[2]).isCloseTo(0.28, within(1e-9));
    assertThat(p.box()[1]).isCloseTo(0.2, within(1e-9));
    assertThat(p.score()).as("score of the nearer detection").isEqualTo(0.6);
    assertThat(path.at(T0 + 160_000).score()).isEqualTo(0.8);
  }

  @Test
  void detectionTimesGiveTheDetectedBoxes() {
    assertThat(path.at(T0).box()[0]).isEqualTo(0.1);
    assertThat(path.at(T0 + 200_000).box()[0]).isEqualTo(0.5);
  }

  @Test
  void boxIsHeldUpToOneSecondBeforeTheFirstAndAfterTheLastDetection() {
    assertThat(path.at(T0 - 1_000_000).box()[0]).isEqualTo(0.1);
    assertThat(path.at(T0 + 1_200_000).box()[0]).isEqualTo(0.5);
    assertThat(path.at(T0 - 1_000_001)).isNull();
    assertThat(path.at(T0 + 1_200_001)).isNull();
  }

  @Test
  void emptyPathShowsNothing() {
    assertThat(BoxPath.of(List.of()).at(T0)).isNull();
  }

  @Test
  void unreadableTimeIsABrokenRule() {
    assertThatThrownBy(() -> BoxPath.of(List.of(new Event.PathPoint("yesterday", new double[4], 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path point time is not an ISO-8601 instant: yesterday");
  }
}
