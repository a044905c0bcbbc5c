package io.vsp.bench;

import java.util.Comparator;
import java.util.List;

/**
 * One timed pass: over the ingest's sample file, or over a detector benchmark's frames.
 *
 * @param frames frames the pass went through
 * @param seconds wall-clock time of the pass
 * @param cpuSeconds CPU time the measured process spent in it (user + system, all threads)
 * @param otherCores CPU cores other programs on the machine used meanwhile (0 on a quiet machine); NaN when
 *     the pass was too short to tell at the kernel's 10 ms accounting resolution
 */
public record Throughput(long frames, double seconds, double cpuSeconds, double otherCores) {
  public Throughput {
    if (frames < 0 || !(seconds > 0)) {
      throw new IllegalArgumentException("bad measurement: " + frames + " frames in " + seconds + " s");
    }
  }

  /** Passes shorter than this get no {@code otherCores}: a few 10 ms ticks would read as whole cores. */
  public static final double MIN_SECONDS_FOR_LOAD = 0.5;

  /** {@code otherCores} from the machine's busy time less the measured processes' own, over {@code seconds}. */
  public static double otherCores(double busySeconds, double ownSeconds, double seconds) {
    return seconds < MIN_SECONDS_FOR_LOAD ? Double.NaN : Math.max(0, busySeconds - ownSeconds) / seconds;
  }

  public double fps() {
    return frames / seconds;
  }

  public double cpuMillisPerFrame() {
    return cpuSeconds * 1000 / frames;
  }

  /** The fastest of several passes: the one least disturbed by whatever else ran on the machine. */
  public static Throughput best(List<Throughput> runs) {
    return runs.stream().max(Comparator.comparingDouble(Throughput::fps)).orElseThrow();
  }
}
