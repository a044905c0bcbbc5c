package io.vsp.common.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Header names of the {@code video} and {@code frames} records (SPEC §5). Values are UTF-8 text, decimal
 * numbers for numbers, so any Kafka client can read them.
 */
public final class MediaHeaders {
  public static final String CAMERA = "vsp.camera";
  public static final String SESSION = "vsp.session";
  public static final String SEQ = "vsp.seq";
  public static final String PTS = "vsp.pts";
  public static final String DTS = "vsp.dts";
  public static final String TS = "vsp.ts";
  public static final String KEY = "vsp.key";
  public static final String CODEC = "vsp.codec";
  public static final String WIDTH = "vsp.w";
  public static final String HEIGHT = "vsp.h";
  public static final String ENCODING = "vsp.enc";

  private MediaHeaders() {}

  public static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  public static void add(Headers headers, String name, long value) {
    add(headers, name, Long.toString(value));
  }

  /** The header's text, or null when absent. */
  public static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The header as a number; a missing or malformed header is a broken record. */
  public static long number(Headers headers, String name) {
    String text = text(headers, name);
    if (text == null) {
      throw new IllegalArgumentException("header " + name + " missing");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header " + name + " is not a number: " + text);
    }
  }
}
