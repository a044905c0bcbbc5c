package io.vsp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a benchmark runs on, as one line for its report: CPU model, cores, memory, OS and kernel. */
public final class Machine {
  private Machine() {}

  /** "AMD EPYC ..., 2 cores, 24 GiB RAM, Debian GNU/Linux 12 (bookworm), Linux 6.18.44". */
  public static String summary() {
    return String.format(Locale.ROOT, "%s, %d cores, %s RAM, %s", cpuModel(),
        Runtime.getRuntime().availableProcessors(), memory(), os());
  }

  /** "JDK 17.0.15+6-... (OpenJDK 64-Bit Server VM)". */
  public static String jdk() {
    return "JDK " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")";
  }

  private static String cpuModel() {
    return firstValue(Path.of("/proc/cpuinfo"), "model name", "unknown CPU");
  }

  private static String memory() {
    String kb = firstValue(Path.of("/proc/meminfo"), "MemTotal", "0 kB").replace("kB", "").trim();
    return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb) / 1024.0 / 1024.0);
  }

  private static String os() {
    return firstValue(Path.of("/etc/os-release"), "PRETTY_NAME", System.getProperty("os.name")).replace("\"", "")
        + ", Linux " + System.getProperty("os.version");
  }

  private static String firstValue(Path file, String key, String fallback) {
    try {
      for (String line : Files.readAllLines(file)) {
        int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
        if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
          return line.substring(sep + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return fallback;
  }
}
