package io.vsp.detector.compare;

/**
 * Millisecond values in a fixed number of logarithmic buckets (1 % wide from 0.01 ms to 10⁷ ms, about 2,100 of
 * them), so {@code vsp compare} keeps percentiles of any number of frames in 17 KB per side. A percentile is the
 * nearest-rank one's bucket, reported as the bucket's geometric middle: within 0.5 % of the exact value (within
 * 0.005 ms below 0.01 ms; above 10⁷ ms, the largest value). Results are clamped to the exact minimum and maximum,
 * so values that are all equal come back exactly. Count, mean, minimum and maximum are exact.
 */
final class LogHistogram {
  static final double LOWEST = 0.01;
  static final double RATIO = 1.01;
  private static final double LOG_RATIO = Math.log(RATIO);
  private static final int BUCKETS = 2 + (int) Math.ceil(Math.log(1e7 / LOWEST) / LOG_RATIO); // + below, overflow

  private final long[] counts = new long[BUCKETS];
  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /** A value of at least 0; negative or non-finite ones (a stranger's record) are not counted. */
  void record(double ms) {
    if (!(ms >= 0 && ms < Double.POSITIVE_INFINITY)) {
      return;
    }
    counts[bucket(ms)]++;
    count++;
    sum += ms;
    min = Math.min(min, ms);
    max = Math.max(max, ms);
  }

  long count() {
    return count;
  }

  /** Null when empty. */
  Double mean() {
    return count == 0 ? null : sum / count;
  }

  /** The nearest-rank {@code q} percentile (0 < q ≤ 1), within the bucket error; null when empty. */
  Double percentile(double q) {
    if (count == 0) {
      return null;
    }
    long rank = Math.max(1, (long) Math.ceil(q * count));
    long seen = 0;
    int b = 0;
    while (seen + counts[b] < rank) {
      seen += counts[b++];
    }
    return Math.min(max, Math.max(min, middle(b)));
  }

  private static int bucket(double ms) {
    if (ms < LOWEST) {
      return 0;
    }
    return Math.min(BUCKETS - 1, 1 + (int) Math.floor(Math.log(ms / LOWEST) / LOG_RATIO));
  }

  private double middle(int b) {
    if (b == 0) {
      return LOWEST / 2;
    }
    if (b == BUCKETS - 1) {
      return max;
    }
    return LOWEST * Math.pow(RATIO, b - 0.5);
  }
}
