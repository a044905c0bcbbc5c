package io.vsp.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one JSON mapper of the wire formats, and the timestamp format they share. */
public final class Json {
  /** Readers ignore unknown fields: fields may be added within a {@code v} (SPEC §5 versioning). */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      // jackson-core's FastDoubleParser: the same doubles as Double.parseDouble at a fraction of the CPU (a
      // detections record carries ~50 numbers; the tracker spent ~9 % of its CPU in the JDK's parser)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  /** RFC 3339 UTC with microseconds, e.g. {@code 2026-11-27T18:00:00.123456Z}. */
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final long YEAR_10000_MICROS = 253_402_300_800_000_000L;

  private Json() {}

  public static String timestamp(Instant instant) {
    return TS.format(instant);
  }

  public static String timestampMicros(long epochMicros) {
    if (epochMicros >= 0 && epochMicros < YEAR_10000_MICROS) {
      return Timestamps.format(epochMicros);
    }
    return timestamp(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
        Math.floorMod(epochMicros, 1_000_000L) * 1000L));
  }

  /** Epoch µs of a time as {@link #timestamp} writes it (any RFC 3339 instant): the inverse of {@link #timestampMicros}.
   *
   * @throws java.time.format.DateTimeParseException when {@code ts} is not an instant
   * @throws ArithmeticException when it lies beyond what epoch µs can hold (±292 000 years)
   */
  public static long parseMicros(String ts) {
    long fast = Timestamps.parse(ts);
    if (fast >= 0) {
      return fast;
    }
    Instant t = Instant.parse(ts);
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
