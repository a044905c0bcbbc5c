package io.vsp.sink.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of {@code /api/events?camera=&label=&since=&limit=}, checked. An empty parameter means "not
 * given"; unknown parameters are ignored.
 *
 * @param camera only this camera; null for all
 * @param label only this label; null for all
 * @param since only events seen at or after this time; null for all
 * @param limit at most this many events, 1..{@value #MAX_LIMIT}; default {@value #DEFAULT_LIMIT}
 */
record EventsQuery(String camera, String label, Instant since, int limit) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  private static final Pattern CAMERA = Pattern.compile("^[a-z0-9][a-z0-9_-]{0,62}$");
  private static final Pattern EPOCH_SECONDS = Pattern.compile("^\\d{1,12}(\\.\\d{1,9})?$");
  private static final int MAX_LABEL = 100;

  /** A parameter the API refuses; its message goes back to the client as the 400's {@code error}. */
  static final class BadParameter extends Exception {
    BadParameter(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses a raw (still percent-encoded) query string; null or empty gives the defaults. */
  static EventsQuery parse(String rawQuery) throws BadParameter {
    Map<String, String> params = params(rawQuery);
    String camera = params.get("camera");
    if (camera != null && !CAMERA.matcher(camera).matches()) {
      throw new BadParameter("camera must match " + CAMERA.pattern() + " (got '" + camera + "')");
    }
    String label = params.get("label");
    if (label != null && label.length() > MAX_LABEL) {
      throw new BadParameter("label must be at most " + MAX_LABEL + " characters");
    }
    String since = params.get("since");
    String limit = params.get("limit");
    return new EventsQuery(camera, label, since == null ? null : since(since),
        limit == null ? DEFAULT_LIMIT : limit(limit));
  }

  /** RFC 3339 ({@code 2026-11-27T18:00:00Z}, any offset) or epoch seconds ({@code 1795802400}, {@code .5}). */
  static Instant since(String text) throws BadParameter {
    try {
      if (EPOCH_SECONDS.matcher(text).matches()) {
        int dot = text.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        long nanos = dot < 0 ? 0 : Long.parseLong((text.substring(dot + 1) + "00000000").substring(0, 9));
        return Instant.ofEpochSecond(seconds, nanos);
      }
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException | NumberFormatException e) {
      throw new BadParameter("since must be an RFC 3339 time (2026-11-27T18:00:00Z) or epoch seconds (got '"
          + text + "')");
    }
  }

  /** A positive integer; more than {@value #MAX_LIMIT} is cut to it. */
  private static int limit(String text) throws BadParameter {
    if (!text.matches("^\\d{1,9}$") || Integer.parseInt(text) < 1) {
      throw new BadParameter("limit must be a whole number from 1 to " + MAX_LIMIT + " (got '" + text + "')");
    }
    return Math.min(Integer.parseInt(text), MAX_LIMIT);
  }

  /** Name → value, first occurrence wins; empty values are left out (a form's empty field means "any"). */
  private static Map<String, String> params(String rawQuery) throws BadParameter {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!value.isEmpty()) {
        params.putIfAbsent(name, value);
      }
    }
    return params;
  }

  private static String decode(String text) throws BadParameter {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadParameter("malformed percent-encoding in the query");
    }
  }
}
