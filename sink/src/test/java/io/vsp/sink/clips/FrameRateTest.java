package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRateTest {
  static List<VideoUnit> units(String session, long... pts) {
    List<VideoUnit> out = new ArrayList<>();
    for (long p : pts) {
      out.add(new VideoUnit(new byte[0], p, p, p, out.isEmpty(), "h264", 16, 16, session));
    }
    return out;
  }

  @Test
  void rateIsTheMedianPtsStepSnappedToWholeOrNtscRates() {
    assertThat(FrameRate.of(units("s", 0, 40_000, 80_000, 120_000))).isEqualTo(new FrameRate(25, 1));
    assertThat(FrameRate.of(units("s", 0, 33_367, 66_733, 100_100))).isEqualTo(new FrameRate(30_000, 1001));
    assertThat(FrameRate.ofStep(80_000)).isEqualTo(new FrameRate(25, 2));
  }

  @Test
  void aLostFrameDoesNotMoveTheMedian() {
    assertThat(FrameRate.of(units("s", 0, 40_000, 120_000, 160_000, 200_000))).isEqualTo(new FrameRate(25, 1));
  }

  @Test
  void reorderedPtsAndSessionRestartsAreHandled() {
    List<VideoUnit> u = units("a", 0, 80_000, 40_000, 160_000, 120_000); // B-frames: decode order
    u.addAll(units("b", 0, 40_000, 80_000)); // pts start over
    assertThat(FrameRate.of(u)).isEqualTo(new FrameRate(25, 1));
  }

  @Test
  void oneFrameAloneCountsAs25() {
    assertThat(FrameRate.of(units("s", 5))).isEqualTo(FrameRate.DEFAULT);
  }
}
