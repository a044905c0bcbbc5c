package io.vsp.ingest.camera;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential from {@code min} to {@code max}, each with jitter (between half and all
 * of the step) so that cameras dropped together by one network fault do not reconnect in lockstep.
 */
public final class Backoff {
  private final long minMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int attempt;

  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("backoffMin " + min + " > backoffMax " + max);
    }
    this.minMs = min.toMillis();
    this.maxMs = max.toMillis();
    this.random = random;
  }

  /** The delay before the next attempt; grows with every call until {@link #reset()}. */
  public Duration next() {
    double step = Math.min(maxMs, minMs * Math.pow(2, Math.min(attempt, 30)));
    attempt++;
    long ms = Math.round(step * (0.5 + 0.5 * random.getAsDouble()));
    return Duration.ofMillis(Math.max(minMs, Math.min(maxMs, ms)));
  }

  /** After a session that worked: the next failure starts again at {@code min}. */
  public void reset() {
    attempt = 0;
  }
}
