package io.vsp.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast timestamp path gives exactly java.time's answers, and leaves every other spelling to it. */
class TimestampsTest {
  private static final DateTimeFormatter JAVA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static long javaTimeMicros(String ts) {
    Instant t = Instant.parse(ts);
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  @Test
  void formatsAndParsesRandomTimesAsJavaTimeDoes() {
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 100_000; i++) {
      long micros = random.nextLong(253_402_300_800_000_000L);
      String expected = JAVA_TIME.format(Instant.ofEpochSecond(micros / 1_000_000L, micros % 1_000_000L * 1000));
      assertThat(Json.timestampMicros(micros)).isEqualTo(expected);
      assertThat(Json.parseMicros(expected)).isEqualTo(micros);
    }
  }

  @Test
  void edgesOfTheFastPathMatchJavaTime() {
    for (String ts : new String[] {"1970-01-01T00:00:00.000000Z", "2024-02-29T23:59:59.999999Z",
        "9999-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z", "2026-11-27T18:00:00Z",
        "2026-11-27T18:00:00.123Z", "2026-11-27t18:00:00.123456z", "2016-12-31T23:59:60.000000Z",
        "+12026-11-27T18:00:00.123456Z"}) {
      assertThat(Json.parseMicros(ts)).as(ts).isEqualTo(javaTimeMicros(ts));
    }
    assertThat(Json.timestampMicros(0)).isEqualTo("1970-01-01T00:00:00.000000Z");
    assertThat(Json.timestampMicros(-1)).isEqualTo("1969-12-31T23:59:59.999999Z");
  }

  @Test
  void rejectsWhatJavaTimeRejects() {
    for (String ts : new String[] {"2026-02-30T18:00:00.123456Z", "2026-13-01T18:00:00.123456Z",
        "2026-11-27T24:00:00.123456Z", "2026-11-27T18:60:00.123456Z", "2026-11-27T18:00:00.12345xZ",
        "2026-1a-27T18:00:00.123456Z", "2026-11-27 18:00:00.123456Z", "2026-11-27T18:00:00.123456+"}) {
      assertThatThrownBy(() -> Json.parseMicros(ts)).as(ts).isInstanceOf(DateTimeParseException.class);
    }
  }
}
