package io.vsp.sink.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file a {@code Range} request header asks for (RFC 9110 §14): one range of {@code bytes},
 * {@code a-b}, {@code a-} or {@code -n}. A header this server does not understand (several ranges, another
 * unit, bad syntax) is ignored, as the RFC allows: the whole file is sent.
 *
 * @param first first byte, inclusive
 * @param last last byte, inclusive
 */
record ByteRange(long first, long last) {
  private static final Pattern SINGLE = Pattern.compile("^bytes=(\\d{0,18})-(\\d{0,18})$");

  /** What to answer to a request for a file of {@code size} bytes. */
  sealed interface Answer permits Whole, Part, Unsatisfiable {}

  /** No (usable) Range header: 200 with the whole file. */
  record Whole() implements Answer {}

  /** 206 with exactly these bytes. */
  record Part(ByteRange range) implements Answer {}

  /** 416: the range lies beyond the end of the file. */
  record Unsatisfiable() implements Answer {}

  long length() {
    return last - first + 1;
  }

  /**
   * The answer to {@code header} (null when absent) for a file of {@code size} bytes; an open range
   * ({@code a-}) is cut to {@code maxOpen} bytes, as a browser streaming a video asks for {@code 0-} and then
   * reads lazily: a bounded answer frees the server's thread when the browser stops reading.
   */
  static Answer parse(String header, long size, long maxOpen) {
    if (header == null) {
      return new Whole();
    }
    Matcher m = SINGLE.matcher(header.strip());
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      return new Whole();
    }
    if (m.group(1).isEmpty()) { // -n: the last n bytes
      long n = Long.parseLong(m.group(2));
      if (n == 0 || size == 0) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(Math.max(0, size - n), size - 1));
    }
    long first = Long.parseLong(m.group(1));
    if (m.group(2).isEmpty()) {
      if (first >= size) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(first, Math.min(size - 1, first + maxOpen - 1)));
    }
    long last = Long.parseLong(m.group(2));
    if (last < first) {
      return new Whole(); // syntactically invalid: ignored
    }
    if (first >= size) {
      return new Unsatisfiable();
    }
    return new Part(new ByteRange(first, Math.min(last, size - 1)));
  }
}
