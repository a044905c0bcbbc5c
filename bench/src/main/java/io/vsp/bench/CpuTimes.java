package io.vsp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * CPU time of this JVM, of each of its threads, and of the child processes the benchmark starts (the
 * Kafka broker, the RTSP camera simulator). Threads are read from {@code /proc/self/task}, so FFmpeg's
 * native decoder threads, the JIT and the GC are counted too, not only Java threads.
 */
public final class CpuTimes {
  /** Linux reports thread times in clock ticks of 1/100 s on every common kernel configuration. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private CpuTimes() {}

  /** CPU time (user + system) of this JVM, all threads, in ns. */
  public static long processNanos() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return os.getProcessCpuTime();
  }

  /**
   * Busy CPU time of the whole machine in ns, every process included (from {@code /proc/stat}): with the
   * benchmark's own share taken off, what other programs took while a pass ran.
   */
  public static long machineBusyNanos() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long ticks = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        ticks += i < f.length ? Long.parseLong(f[i]) : 0;
      }
      return ticks * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU time of another process in ns, or 0 when it is gone or unreadable. */
  public static long processNanos(Optional<ProcessHandle> process) {
    return process.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
  }

  /**
   * The child process whose command line contains {@code marker} (a main class, a script name). Read from
   * {@code /proc}: {@code ProcessHandle.Info.commandLine} is cut short for a JVM with a long classpath.
   */
  public static Optional<ProcessHandle> child(String marker) {
    return ProcessHandle.current().children()
        .filter(p -> {
          try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return cmdline.contains(marker);
          } catch (IOException e) {
            return false;
          }
        })
        .findFirst();
  }

  /** CPU ns of each live thread of this process by thread id, with its kernel name (15 chars at most). */
  public record ThreadSample(Map<Long, String> names, Map<Long, Long> nanos) {
    public static ThreadSample take() {
      Map<Long, String> names = new HashMap<>();
      Map<Long, Long> nanos = new HashMap<>();
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
        for (Path task : tasks) {
          try {
            String stat = Files.readString(task.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            String[] fields = stat.substring(close + 2).split(" ");
            // after "pid (comm) ": state is field 0, utime field 11, stime field 12
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            long tid = Long.parseLong(task.getFileName().toString());
            names.put(tid, stat.substring(open + 1, close));
            nanos.put(tid, ticks * NANOS_PER_TICK);
          } catch (IOException | RuntimeException e) {
            // the thread ended while we looked: its time is lost to the breakdown, not to the total
          }
        }
      } catch (IOException e) {
        return new ThreadSample(Map.of(), Map.of());
      }
      return new ThreadSample(names, nanos);
    }

    /**
     * CPU ns spent between {@code before} and this sample, summed by the group {@code role} gives each
     * thread name; threads that started in between count from zero, threads that ended are missing.
     */
    public Map<String, Long> since(ThreadSample before, Function<String, String> role) {
      Map<String, Long> groups = new LinkedHashMap<>();
      nanos.forEach((tid, now) -> {
        long delta = now - before.nanos.getOrDefault(tid, 0L);
        if (delta > 0) {
          groups.merge(role.apply(names.get(tid)), delta, Long::sum);
        }
      });
      return groups;
    }
  }

  /** The usual roles of JVM-internal threads; {@code null} when the name is none of them. */
  public static String jvmRole(String thread) {
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return "JIT compiler";
    }
    if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.equals("VM Thread")) {
      return "GC and VM";
    }
    return null;
  }

  /** "0.42 cores", or a note when the pass was too short to tell (NaN). */
  public static String formatCores(double cores) {
    return Double.isNaN(cores) ? "n/a, pass too short" : String.format(Locale.ROOT, "%.2f cores", cores);
  }

  /** "reader 1.204, Kafka producer I/O 0.310, ..." from ns per role: CPU seconds divided by {@code per}. */
  public static String formatShares(Map<String, Long> nanos, double per) {
    StringBuilder line = new StringBuilder();
    nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(e -> line.append(line.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue() / 1e9 / per)));
    return line.toString();
  }
}
