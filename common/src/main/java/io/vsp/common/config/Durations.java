package io.vsp.common.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the config's durations: a non-negative number and a unit ({@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}, {@code 7d}; decimals such as {@code 1.5s} allowed).
 */
public final class Durations {
  static final String FORMS = "a number followed by ms, s, m, h or d, e.g. 500ms, 5s, 2m, 1h, 7d";

  private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the accepted forms. */
  public static Duration parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("bad duration \"" + text + "\": use " + FORMS);
    }
    BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (m.group(2)) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    });
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(nanosPerUnit);
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("bad duration \"" + text + "\": too long (at most 106751d)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /** The shortest exact form {@link #parse} reads back: {@code 90s} stays {@code 90s}, {@code 120s} is {@code 2m}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    if (d.isNegative() || !Duration.ofMillis(ms).equals(d)) {
      return d.toString(); // not expressible in the config's units: show ISO-8601 rather than round
    }
    if (ms % 86_400_000L == 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0) {
      return ms / 60_000L + "m";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
