package io.vsp.ingest.frames;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameSamplerTest {
  private static int sampled(double sourceFps, double targetFps, double seconds) {
    FrameSampler s = new FrameSampler(targetFps);
    int n = 0;
    for (int i = 0; i < sourceFps * seconds; i++) {
      if (s.take(Math.round(i * 1_000_000 / sourceFps))) {
        n++;
      }
    }
    return n;
  }

  @Test
  void samplerTakesTheTargetRateFromCommonSourceRates() {
    assertThat(sampled(25, 5, 10)).isEqualTo(50);
    assertThat(sampled(30, 5, 10)).isEqualTo(50);
    assertThat(sampled(29.97, 5, 10)).isBetween(49, 51);
    assertThat(sampled(25, 4, 10)).isEqualTo(40);
    assertThat(sampled(10, 5, 10)).isEqualTo(50);
  }

  @Test
  void sourceSlowerThanTargetPassesEveryFrame() {
    assertThat(sampled(2, 5, 10)).isEqualTo(20);
  }

  @Test
  void gapInTheStreamDoesNotCauseABurst() {
    FrameSampler s = new FrameSampler(5);
    assertThat(s.take(0)).isTrue();
    assertThat(s.take(10_000_000)).isTrue();
    assertThat(s.take(10_040_000)).isFalse();
    assertThat(s.take(10_200_000)).isTrue();
  }

  @Test
  void clockRestartingBackwardsRestartsSampling() {
    FrameSampler s = new FrameSampler(5);
    assertThat(s.take(100_000_000)).isTrue();
    assertThat(s.take(0)).isTrue();
    assertThat(s.take(40_000)).isFalse();
  }
}
