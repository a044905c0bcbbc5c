package io.vsp.ingest.camera;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Plays a file like a camera: holds each packet until its decode time has come on the wall clock, and when
 * the file starts over shifts the timestamps by the length played so far, so they keep rising as a
 * camera's do. Owned by the reader's thread.
 */
final class Pacer {
  private final AVRational timeBase;
  private final long frameTicks;
  private long offsetTicks;
  private long firstRaw = AV_NOPTS_VALUE; // the file's first decode time, as in the file
  private long firstTicks = AV_NOPTS_VALUE; // ... and as played (shifted)
  private long lastTicks = AV_NOPTS_VALUE;
  private long startNanos;

  Pacer(AVRational timeBase, double fps) {
    this.timeBase = timeBase;
    double seconds = fps > 0 ? 1 / fps : 0.04;
    this.frameTicks = Math.max(1, Math.round(seconds * timeBase.den() / timeBase.num()));
  }

  /** The file ended and starts over: its first packet comes one frame after the last one played. */
  void loop() {
    if (lastTicks != AV_NOPTS_VALUE) {
      offsetTicks = lastTicks + frameTicks - firstRaw;
    }
  }

  /**
   * Shifts the packet's timestamps and waits until it is due; false when {@code stop} became true meanwhile.
   */
  boolean await(AVPacket packet, BooleanSupplier stop) {
    long raw = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
    if (packet.pts() != AV_NOPTS_VALUE) {
      packet.pts(packet.pts() + offsetTicks);
    }
    if (packet.dts() != AV_NOPTS_VALUE) {
      packet.dts(packet.dts() + offsetTicks);
    }
    if (raw == AV_NOPTS_VALUE) {
      return true;
    }
    long ticks = raw + offsetTicks;
    if (firstTicks == AV_NOPTS_VALUE) {
      firstTicks = ticks;
      firstRaw = raw;
      startNanos = System.nanoTime();
    }
    lastTicks = Math.max(lastTicks == AV_NOPTS_VALUE ? ticks : lastTicks, ticks);
    long dueNanos = startNanos + (ticks - firstTicks) * 1_000_000_000L * timeBase.num() / timeBase.den();
    while (!stop.getAsBoolean()) {
      long wait = dueNanos - System.nanoTime();
      if (wait <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(wait, 50_000_000L));
    }
    return false;
  }
}
