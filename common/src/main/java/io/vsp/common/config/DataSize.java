package io.vsp.common.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes as written in the config: {@code 512MiB}, {@code 2GiB} (powers of 1024),
 * {@code 10KB} (powers of 1000), or a plain byte count {@code 100}.
 *
 * @param bytes the size in bytes, never negative
 */
public record DataSize(long bytes) {
  static final String FORMS =
      "a number of bytes, optionally followed by B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB"
          + " (powers of 1024), e.g. 512MiB, 2GiB, 10KB, 100";

  private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
  private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB"};
  private static final String[] DECIMAL = {"KB", "MB", "GB", "TB"};

  public DataSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size cannot be negative (got " + bytes + ")");
    }
  }

  public static DataSize ofBytes(long bytes) {
    return new DataSize(bytes);
  }

  public static DataSize ofMebibytes(long mib) {
    return new DataSize(Math.multiplyExact(mib, 1L << 20));
  }

  public static DataSize ofGibibytes(long gib) {
    return new DataSize(Math.multiplyExact(gib, 1L << 30));
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the accepted forms. */
  public static DataSize parse(String text) {
    Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
    Long unit = m.matches() ? unitBytes(m.group(2)) : null;
    if (unit == null) {
      throw new IllegalArgumentException("bad size \"" + text + "\": use " + FORMS);
    }
    BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("bad size \"" + text + "\": too large");
    }
    return new DataSize(bytes.longValue()); // a fraction of a byte is dropped
  }

  /** Bytes per unit, case-insensitive; null for an unknown unit. */
  private static Long unitBytes(String unit) {
    if (unit.isEmpty() || unit.equalsIgnoreCase("B")) {
      return 1L;
    }
    for (int i = 0; i < BINARY.length; i++) {
      if (unit.equalsIgnoreCase(BINARY[i])) {
        return 1L << (10 * (i + 1));
      }
      if (unit.equalsIgnoreCase(DECIMAL[i])) {
        return (long) Math.pow(1000, i + 1);
      }
    }
    return null;
  }

  /** The largest binary unit that divides the size exactly, as {@link #parse} reads it back: {@code 2GiB}. */
  @Override
  public String toString() {
    for (int i = BINARY.length - 1; i >= 0; i--) {
      long unit = 1L << (10 * (i + 1));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + BINARY[i];
      }
    }
    return String.format(Locale.ROOT, "%dB", bytes);
  }
}
