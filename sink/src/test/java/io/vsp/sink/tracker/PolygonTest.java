package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolygonTest {

  @Test
  void concavePolygonContainsOnlyPointsInsideItsOutline() {
    // an L: the square 0..1 without its top-right quarter
    Polygon l = Polygon.of(List.of(List.of(0.0, 0.0), List.of(0.5, 0.0), List.of(0.5, 0.5), List.of(1.0, 0.5),
        List.of(1.0, 1.0), List.of(0.0, 1.0)));

    assertThat(l.contains(0.25, 0.25)).isTrue();
    assertThat(l.contains(0.75, 0.75)).isTrue();
    assertThat(l.contains(0.75, 0.25)).isFalse(); // the cut-out corner
    assertThat(l.contains(1.5, 0.75)).isFalse();
  }

  @Test
  void selfIntersectingOutlineFollowsTheEvenOddRule() {
    // a bow tie: crossing at (0.5, 0.5)
    Polygon bowTie = Polygon.of(List.of(List.of(0.0, 0.0), List.of(1.0, 1.0), List.of(1.0, 0.0), List.of(0.0, 1.0)));

    assertThat(bowTie.contains(0.1, 0.5)).isTrue();
    assertThat(bowTie.contains(0.5, 0.1)).isFalse();
  }
}
