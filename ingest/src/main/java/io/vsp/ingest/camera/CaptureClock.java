package io.vsp.ingest.camera;

import java.util.function.LongSupplier;

/**
 * Capture wall-clock times for a session's timestamps: anchored at the first packet's arrival, then
 * advanced by pts, so records are spaced exactly as the camera spaced them (arrival times jitter). A live
 * stream whose pts drift more than {@link #MAX_DRIFT_US} from the wall clock (a camera that paused) is
 * re-anchored; files read faster than real time keep their pts spacing.
 */
public final class CaptureClock {
  static final long MAX_DRIFT_US = 5_000_000;

  private final LongSupplier nowMicros;
  private final boolean live;
  private long anchorWallUs;
  private long anchorPtsUs;
  private boolean anchored;

  public CaptureClock(LongSupplier nowMicros, boolean live) {
    this.nowMicros = nowMicros;
    this.live = live;
  }

  /** Epoch µs at which the frame with {@code ptsUs} was captured. */
  public long captureMicros(long ptsUs) {
    long now = nowMicros.getAsLong();
    if (!anchored) {
      anchor(now, ptsUs);
    }
    long ts = anchorWallUs + (ptsUs - anchorPtsUs);
    if (live && Math.abs(ts - now) > MAX_DRIFT_US) {
      anchor(now, ptsUs);
      ts = now;
    }
    return ts;
  }

  private void anchor(long now, long ptsUs) {
    anchorWallUs = now;
    anchorPtsUs = ptsUs;
    anchored = true;
  }

  public static long systemMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000L;
  }
}
