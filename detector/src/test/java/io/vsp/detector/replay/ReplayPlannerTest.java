package io.vsp.detector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayPlannerTest {
  private static final long NOW_US = 1_764_684_000_000_000L;

  @Test
  void windowOlderThanRetentionIsRefusedNamingTheRetention() {
    assertThat(ReplayPlanner.tooOld("vsp.frames", NOW_US - 7_200_000_000L, NOW_US, 900_000)).contains(
        "window starts 2h ago but vsp.frames keeps 15m (retention.ms=900000); see docs/OPERATIONS.md "
            + "'Keeping frames longer'");
  }

  @Test
  void windowWithinRetentionOrUnlimitedRetentionIsAccepted() {
    assertThat(ReplayPlanner.tooOld("vsp.frames", NOW_US - 600_000_000L, NOW_US, 900_000)).isEmpty();
    assertThat(ReplayPlanner.tooOld("vsp.frames", NOW_US - 86_400_000_000L, NOW_US, -1)).isEmpty();
  }

  @Test
  void shortAgesAreInSeconds() {
    assertThat(ReplayPlanner.tooOld("f", NOW_US - 90_000_000L, NOW_US, 60_000))
        .contains("window starts 90s ago but f keeps 1m (retention.ms=60000); see docs/OPERATIONS.md "
            + "'Keeping frames longer'");
  }
}
