package io.vsp.common.config;

import java.time.Duration;

/**
 * When a camera counts as stalled and how fast its reconnects back off.
 *
 * @param noData a camera that delivers nothing for this long is reconnected; default 10s
 * @param backoffMin the first reconnect delay, doubled on each failure; default 1s
 * @param backoffMax the reconnect delay never grows past this; default 30s
 */
public record WatchdogConfig(Duration noData, Duration backoffMin, Duration backoffMax) {
  public static final WatchdogConfig DEFAULTS =
      new WatchdogConfig(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(30));

  public WatchdogConfig {
    noData = noData == null ? DEFAULTS.noData : noData;
    backoffMin = backoffMin == null ? DEFAULTS.backoffMin : backoffMin;
    backoffMax = backoffMax == null ? DEFAULTS.backoffMax : backoffMax;
    Checks checks = new Checks().positive("noData", noData).positive("backoffMin", backoffMin);
    verifyBackoffOrder(checks, backoffMin, backoffMax);
    checks.done();
  }

  private static void verifyBackoffOrder(Checks checks, Duration min, Duration max) {
    checks.require(min.compareTo(max) <= 0, "backoffMin", "must not exceed backoffMax (got "
        + Durations.format(min) + " > " + Durations.format(max) + ")");
  }
}
