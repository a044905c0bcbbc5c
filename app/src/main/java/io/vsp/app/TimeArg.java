package io.vsp.app;

import io.vsp.common.config.Durations;
import io.vsp.common.wire.Json;
import java.time.format.DateTimeParseException;

/**
 * A point in time as {@code vsp replay} and {@code vsp compare} take it: an ISO-8601 instant
 * ({@code 2026-12-02T14:00:00Z}) or a duration back from now in the config's units ({@code 90s}, {@code 10m},
 * {@code 2h}).
 */
final class TimeArg {
  private TimeArg() {}

  /**
   * @return epoch µs
   * @throws IllegalArgumentException naming both accepted forms
   */
  static long micros(String text, long nowUs) {
    try {
      return Json.parseMicros(text.strip());
    } catch (DateTimeParseException | ArithmeticException notInstant) {
      try {
        return nowUs - Durations.parse(text).toNanos() / 1000;
      } catch (IllegalArgumentException notDuration) {
        throw new IllegalArgumentException("bad time \"" + text + "\": use an ISO-8601 instant such as "
            + "2026-12-02T14:00:00Z or a duration back from now such as 90s, 10m, 2h");
      }
    }
  }
}
