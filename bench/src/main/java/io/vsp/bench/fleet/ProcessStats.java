package io.vsp.bench.fleet;

import io.vsp.bench.CpuTimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says about another process at one moment: CPU time so far, live threads (native ones
 * too, from {@code /proc/<pid>/status}) and resident memory. Seen from outside, as {@code top} would.
 */
record ProcessStats(long cpuNanos, int threads, long rssBytes) {
  static final ProcessStats GONE = new ProcessStats(0, 0, 0);

  /** The process's numbers now, or {@link #GONE} when it has ended or cannot be read. */
  static ProcessStats of(long pid) {
    try {
      int threads = 0;
      long rssKb = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        } else if (line.startsWith("VmRSS:")) {
          rssKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
        }
      }
      return new ProcessStats(CpuTimes.processNanos(ProcessHandle.of(pid)), threads, rssKb * 1024);
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
