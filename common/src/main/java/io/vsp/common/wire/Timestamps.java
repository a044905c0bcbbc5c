package io.vsp.common.wire;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The fast path of {@link Json}'s timestamps, for the one spelling VSP writes ({@code 2026-11-27T18:00:00.123456Z},
 * years 1970–9999): the tracker reads and writes several per record, and {@code Instant.parse} builds a formatter
 * on every call. Gives the same answers as the java.time path; anything else is left to it.
 */
final class Timestamps {
  private static final int LENGTH = "2026-11-27T18:00:00.123456Z".length();

  private Timestamps() {}

  /** Epoch µs of {@code ts} written exactly as {@link Json#timestampMicros} writes it; -1 for any other text. */
  static long parse(String ts) {
    if (ts == null || ts.length() != LENGTH || ts.charAt(4) != '-' || ts.charAt(7) != '-' || ts.charAt(10) != 'T'
        || ts.charAt(13) != ':' || ts.charAt(16) != ':' || ts.charAt(19) != '.' || ts.charAt(26) != 'Z') {
      return -1;
    }
    int year = digits(ts, 0, 4);
    int month = digits(ts, 5, 2);
    int day = digits(ts, 8, 2);
    int hour = digits(ts, 11, 2);
    int minute = digits(ts, 14, 2);
    int second = digits(ts, 17, 2);
    int micros = digits(ts, 20, 6);
    if (year < 1970 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || micros < 0) {
      return -1; // a leap second, an early year or a typo: java.time decides
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return -1;
    }
    return ((epochDay * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L + micros;
  }

  /** {@code epochMicros} (0 up to the year 10000) as {@code yyyy-MM-ddTHH:mm:ss.SSSSSSZ}. */
  static String format(long epochMicros) {
    long seconds = epochMicros / 1_000_000L;
    int micros = (int) (epochMicros % 1_000_000L);
    LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
    int secondOfDay = (int) (seconds % 86_400);
    char[] out = new char[LENGTH];
    put(out, 0, 4, date.getYear());
    out[4] = '-';
    put(out, 5, 2, date.getMonthValue());
    out[7] = '-';
    put(out, 8, 2, date.getDayOfMonth());
    out[10] = 'T';
    put(out, 11, 2, secondOfDay / 3600);
    out[13] = ':';
    put(out, 14, 2, secondOfDay / 60 % 60);
    out[16] = ':';
    put(out, 17, 2, secondOfDay % 60);
    out[19] = '.';
    put(out, 20, 6, micros);
    out[26] = 'Z';
    return new String(out);
  }

  /** The decimal number in {@code ts[from, from + n)}, or -1 when a character is not an ASCII digit. */
  private static int digits(String ts, int from, int n) {
    int value = 0;
    for (int i = from; i < from + n; i++) {
      char c = ts.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void put(char[] out, int from, int n, int value) {
    for (int i = from + n - 1; i >= from; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
