package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeArgTest {
  private static final long NOW_US = 1_764_684_000_000_000L; // 2025-12-02T14:00:00Z

  @Test
  void isoInstantsAreTakenAsTheyAre() {
    assertThat(TimeArg.micros("2025-12-02T13:00:00.5Z", NOW_US)).isEqualTo(NOW_US - 3_599_500_000L);
  }

  @Test
  void durationsCountBackFromNow() {
    assertThat(TimeArg.micros("10m", NOW_US)).isEqualTo(NOW_US - 600_000_000L);
    assertThat(TimeArg.micros("90s", NOW_US)).isEqualTo(NOW_US - 90_000_000L);
    assertThat(TimeArg.micros("0s", NOW_US)).isEqualTo(NOW_US);
  }

  @Test
  void anythingElseNamesBothForms() {
    assertThatThrownBy(() -> TimeArg.micros("yesterday", NOW_US)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad time \"yesterday\": use an ISO-8601 instant such as 2026-12-02T14:00:00Z or a duration "
            + "back from now such as 90s, 10m, 2h");
  }
}
