package io.vsp.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says about another process at one moment: CPU time so far, live threads (native ones
 * too) and resident memory. Read from {@code /proc/<pid>}, so it sees a child JVM from outside, as
 * {@code top} would.
 */
record ProcessStats(long cpuNanos, int threads, long rssBytes) {
  /** Linux reports process times in clock ticks of 1/100 s on every common kernel configuration. */
  private static final long NANOS_PER_TICK = 10_000_000L;
  static final ProcessStats GONE = new ProcessStats(0, 0, 0);

  /** The process's numbers now, or {@link #GONE} when it has ended or cannot be read. */
  static ProcessStats of(long pid) {
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      String stat = Files.readString(proc.resolve("stat"));
      // after "pid (comm) ": state is field 0, utime field 11, stime field 12
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      int threads = 0;
      long rssKb = 0;
      for (String line : Files.readAllLines(proc.resolve("status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        } else if (line.startsWith("VmRSS:")) {
          rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
      return new ProcessStats(ticks * NANOS_PER_TICK, threads, rssKb * 1024);
    } catch (IOException | RuntimeException e) {
      return GONE;
    }
  }

  /** The 1-minute load average of the machine ("1.23"), or "?" when unreadable. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }
}
