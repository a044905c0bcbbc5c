package io.vsp.common.logging;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs the first of a burst of alike problems and then at most once per window, with the count of what
 * was suppressed: a camera spewing corrupt frames or a broker outage must not flood the log.
 */
public final class BurstLog {
  private final Logger log;
  private final long windowNanos;
  private final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  public BurstLog(Logger log, long windowMillis) {
    this.log = log;
    this.windowNanos = windowMillis * 1_000_000L;
  }

  public void warn(String format, Object... args) {
    log(Level.WARN, format, args);
  }

  public void log(Level level, String format, Object... args) {
    long now = System.nanoTime();
    long last = lastNanos.get();
    if (last != Long.MIN_VALUE && now - last < windowNanos) {
      suppressed.incrementAndGet();
      return;
    }
    if (!lastNanos.compareAndSet(last, now)) {
      suppressed.incrementAndGet();
      return;
    }
    long n = suppressed.getAndSet(0);
    if (n > 0) {
      log.atLevel(level).log(format + " (and {} more like it)", append(args, n));
    } else {
      log.atLevel(level).log(format, args);
    }
  }

  private static Object[] append(Object[] args, Object extra) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = extra;
    return out;
  }
}
