package io.vsp.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the broken rules of one record's compact constructor, so that every bad field of it is
 * reported, not only the first; {@link #done()} throws them together.
 */
final class Checks {
  private final List<ConfigError> errors = new ArrayList<>();

  Checks require(boolean ok, String field, String message) {
    if (!ok) {
      errors.add(new ConfigError(null, field, 0, message));
    }
    return this;
  }

  Checks range(String field, long value, long min, long max) {
    return require(value >= min && value <= max, field,
        "must be between " + min + " and " + max + " (got " + value + ")");
  }

  Checks port(String field, int port) {
    return range(field, port, 0, 65535);
  }

  /** A value in [0, 1], such as a score. */
  Checks fraction(String field, double value) {
    return require(value >= 0 && value <= 1, field, "must be between 0 and 1 (got " + num(value) + ")");
  }

  Checks positive(String field, Duration value) {
    return require(!value.isNegative() && !value.isZero(), field,
        "must be longer than 0 (got " + Durations.format(value) + ")");
  }

  Checks notNegative(String field, Duration value) {
    return require(!value.isNegative(), field, "must not be negative (got " + Durations.format(value) + ")");
  }

  Checks notBlank(String field, String value) {
    return require(value != null && !value.isBlank(), field, value == null ? "is required" : "must not be empty");
  }

  /** Throws every collected error at once; does nothing when all rules held. */
  void done() {
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
  }

  /** A number as a user wrote it: {@code 75}, not {@code 75.0}. */
  static String num(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
