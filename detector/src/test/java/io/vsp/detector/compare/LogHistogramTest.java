package io.vsp.detector.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogHistogramTest {

  @Test
  void percentilesLieWithinHalfAPercentOfTheExactNearestRankOnes() {
    Random random = new Random(14);
    LogHistogram h = new LogHistogram();
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(random.nextGaussian() + 2.5); // inferMs-like: a few ms, a long tail
      h.record(values[i]);
    }
    Arrays.sort(values);
    double sum = Arrays.stream(values).sum();
    assertThat(h.count()).isEqualTo(values.length);
    assertThat(h.mean()).isCloseTo(sum / values.length, within(1e-9));
    for (double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
      double exact = values[(int) Math.ceil(q * values.length) - 1];
      assertThat(h.percentile(q)).as("q %s", q).isCloseTo(exact, within(exact * 0.005));
    }
  }

  @Test
  void equalValuesComeBackExactlyAndTinyOnesWithinTheLowestBucket() {
    LogHistogram h = new LogHistogram();
    for (int i = 0; i < 3; i++) {
      h.record(3.0);
    }
    assertThat(h.percentile(0.5)).isEqualTo(3.0);
    assertThat(h.percentile(0.99)).isEqualTo(3.0);
    LogHistogram tiny = new LogHistogram();
    tiny.record(0.001);
    tiny.record(0.009);
    assertThat(tiny.percentile(0.5)).isCloseTo(0.001, within(LogHistogram.LOWEST / 2));
  }

  @Test
  void negativeAndNonFiniteValuesAreNotCounted() {
    LogHistogram h = new LogHistogram();
    h.record(-1);
    h.record(Double.NaN);
    h.record(Double.POSITIVE_INFINITY);
    assertThat(h.count()).isZero();
    assertThat(h.mean()).isNull();
    assertThat(h.percentile(0.5)).isNull();
    h.record(2e7); // beyond the last bucket: the largest value
    assertThat(h.percentile(0.5)).isEqualTo(2e7);
  }
}
