package io.vsp.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaptureClockTest {
  @Test
  void captureTimesFollowPtsSpacingNotArrivalJitter() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    CaptureClock clock = new CaptureClock(now::get, true);
    assertThat(clock.captureMicros(90_000)).isEqualTo(1_000_000_000L);
    now.addAndGet(55_000); // arrived late
    assertThat(clock.captureMicros(130_000)).isEqualTo(1_000_040_000L);
  }

  @Test
  void liveStreamDriftingFarFromTheWallClockIsReanchored() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    CaptureClock clock = new CaptureClock(now::get, true);
    clock.captureMicros(0);
    now.addAndGet(20_000_000); // camera paused for 20 s, pts continue from where they were
    assertThat(clock.captureMicros(40_000)).isEqualTo(1_020_000_000L);
  }

  @Test
  void fileReadFasterThanRealTimeKeepsPtsSpacing() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    CaptureClock clock = new CaptureClock(now::get, false);
    clock.captureMicros(0);
    assertThat(clock.captureMicros(60_000_000)).isEqualTo(1_060_000_000L);
  }
}
