package io.vsp.bench;

import java.nio.file.Path;
import java.time.Duration;
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
    Duration warmUp = Duration.ofSeconds(20);
    Duration window = Duration.ofSeconds(30);
    boolean throughput = true;
    boolean realtime = true;
    Options option = new Options(args);
    while (option.next()) {
      switch (option.name()) {
        case "--work" -> work = option.path();
        case "--duration" -> duration = option.number(5, 600);
        case "--threads" -> threads = option.numbers(1, 64);
        case "--runs" -> runs = option.number(1, 20);
        case "--warmup" -> warmUp = option.seconds(0, 600);
        case "--window" -> window = option.seconds(5, 600);
        case "--only" -> {
          String part = option.oneOf("throughput", "realtime");
          throughput = part.equals("throughput");
          realtime = part.equals("realtime");
        }
        default -> throw option.unknown();
      }
    }
    return new BenchOptions(work, duration, threads, runs, warmUp, window, throughput, realtime);
  }
}
