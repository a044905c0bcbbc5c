package io.vsp.ingest.frames;

/**
 * Picks decoded frames by presentation time so that {@code fps} frames per second of stream time reach
 * detection, whatever the source rate (25 → 5 takes every 5th frame; 30 → 4 takes 4 evenly spaced).
 */
public final class FrameSampler {
  /** Half a millisecond: timestamps rounded to µs must not make a frame miss its slot. */
  private static final long TOLERANCE_US = 500;
  /** A jump backwards larger than this restarts sampling (a source restarting its clock). */
  private static final long MAX_BACKWARDS_US = 1_000_000;

  private final long periodUs;
  private long nextUs = Long.MIN_VALUE;

  public FrameSampler(double fps) {
    if (!(fps > 0)) {
      throw new IllegalArgumentException("fps must be > 0, got " + fps);
    }
    this.periodUs = Math.round(1_000_000 / fps);
  }

  /** True when the frame at {@code ptsUs} is to be sampled. */
  public boolean take(long ptsUs) {
    if (nextUs == Long.MIN_VALUE || ptsUs < nextUs - periodUs - MAX_BACKWARDS_US) {
      nextUs = ptsUs;
    }
    if (ptsUs + TOLERANCE_US < nextUs) {
      return false;
    }
    nextUs += periodUs;
    if (nextUs <= ptsUs) {
      nextUs = ptsUs + periodUs; // a gap in the stream: continue from here, don't burst
    }
    return true;
  }
}
