package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duration and size notations of SPEC §4. */
class DurationsTest {

  @Test
  void durationsReadEveryUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse(" 0s ")).isEqualTo(Duration.ZERO);
  }

  @Test
  void badDurationNamesTheAcceptedForms() {
    for (String bad : new String[] {"5", "5 sec", "-1s", "1w", "", "s"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad duration \"" + bad + "\": use a number followed by ms, s, m, h or d, e.g. 500ms, 5s, 2m,"
              + " 1h, 7d");
    }
  }

  @Test
  void durationsFormatBackToTheirShortestExactForm() {
    assertThat(Durations.format(Duration.ofMillis(10))).isEqualTo("10ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofDays(7))).isEqualTo("7d");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void sizesReadBinaryAndDecimalUnits() {
    assertThat(DataSize.parse("512MiB").bytes()).isEqualTo(512L << 20);
    assertThat(DataSize.parse("2GiB").bytes()).isEqualTo(2L << 30);
    assertThat(DataSize.parse("10KB").bytes()).isEqualTo(10_000);
    assertThat(DataSize.parse("100").bytes()).isEqualTo(100);
    assertThat(DataSize.parse("1.5KiB").bytes()).isEqualTo(1536);
    assertThat(DataSize.parse("50GiB").toString()).isEqualTo("50GiB");
    assertThat(DataSize.parse("1000").toString()).isEqualTo("1000B");
  }

  @Test
  void badSizeNamesTheAcceptedForms() {
    for (String bad : new String[] {"2 gigs", "-5MiB", "MiB", "1e3"}) {
      assertThatThrownBy(() -> DataSize.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad size \"" + bad + "\": use a number of bytes, optionally followed by B, KB, MB, GB, TB"
              + " (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024), e.g. 512MiB, 2GiB, 10KB, 100");
    }
  }
}
