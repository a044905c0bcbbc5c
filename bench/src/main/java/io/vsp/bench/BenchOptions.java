package io.vsp.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@code bench/run ingest}.
 *
 * @param work folder for the cached sample video, logs and configs; default {@code bench/target/ingest-bench}
 * @param duration length of the sample video in seconds, 5..600; default 60
 * @param threads decoder thread counts to compare, each 1..64; default 1 and 2
 * @param runs passes per measurement, the best is kept, 1..20; default 3
 * @param warmUp real-time part: time between the first published frame and the measuring window; default 20 s
 * @param window real-time part: measuring window per scenario, 5..600 s; default 30 s
 * @param throughput run part one (file at full speed)
 * @param realtime run part two (CPU per live camera)
 */
record BenchOptions(Path work, int duration, List<Integer> threads, int runs, Duration warmUp, Duration window,
                    boolean throughput, boolean realtime) {
  static final String USAGE = String.join("\n",
      "usage: bench/run ingest [--duration S] [--threads 1,2] [--runs N] [--warmup S] [--window S]",
      "                        [--only throughput|realtime] [--work DIR]",
      "  --duration S   length of the generated 1080p25 sample in seconds (default 60)",
      "  --threads L    decoder thread counts, comma separated (default 1,2)",
      "  --runs N       passes per measurement; the best counts (default 3)",
      "  --warmup S     real-time part: seconds of warm-up after the first frame (default 20)",
      "  --window S     real-time part: seconds measured per camera setup (default 30)",
      "  --only PART    throughput (file at full speed) or realtime (CPU per live camera)",
      "  --work DIR     folder for the cached sample and logs (default bench/target/ingest-bench)");

  static BenchOptions parse(String[] args) {
    Path work = Path.of("bench", "target", "ingest-bench");
    int duration = 60;
    List<Integer> threads = List.of(1, 2);
    int runs = 3;
    int warmUp = 20;
    int window = 30;
    boolean throughput = true;
    boolean realtime = true;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument " + name);
      }
      String value = args[++i];
      switch (name) {
        case "--work" -> work = Path.of(value);
        case "--duration" -> duration = number(name, value, 5, 600);
        case "--threads" -> {
          List<Integer> list = new ArrayList<>();
          for (String t : value.split(",")) {
            list.add(number(name, t.trim(), 1, 64));
          }
          threads = List.copyOf(list);
        }
        case "--runs" -> runs = number(name, value, 1, 20);
        case "--warmup" -> warmUp = number(name, value, 0, 600);
        case "--window" -> window = number(name, value, 5, 600);
        case "--only" -> {
          if (!value.equals("throughput") && !value.equals("realtime")) {
            throw new IllegalArgumentException("--only takes throughput or realtime, not " + value);
          }
          throughput = value.equals("throughput");
          realtime = value.equals("realtime");
        }
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new BenchOptions(work, duration, threads, runs, Duration.ofSeconds(warmUp), Duration.ofSeconds(window),
        throughput, realtime);
  }

  private static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", not " + value);
  }
}
