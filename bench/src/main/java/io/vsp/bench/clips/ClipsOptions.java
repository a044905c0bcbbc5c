package io.vsp.bench.clips;

import io.vsp.bench.Options;
import java.nio.file.Path;

/**
 * Command-line options of {@code bench/run clips}.
 *
 * @param work folder for the cached sample video, the built clips and logs; default {@code bench/target/clips-bench}
 * @param duration length of the sample video (and of the clip) in seconds, 5..600; default 60
 * @param runs passes per measurement, the best is kept, 1..20; default 3
 */
record ClipsOptions(Path work, int duration, int runs) {
  static final String USAGE = String.join("\n",
      "usage: bench/run clips [--duration S] [--runs N] [--work DIR]",
      "  --duration S   seconds of generated 720p25 H.264 video the clip is built from (default 60)",
      "  --runs N       passes per measurement; the best counts (default 3)",
      "  --work DIR     folder for the cached sample, clips and logs (default bench/target/clips-bench)");

  static ClipsOptions parse(String[] args) {
    Path work = Path.of("bench", "target", "clips-bench");
    int duration = 60;
    int runs = 3;
    Options option = new Options(args);
    while (option.next()) {
      switch (option.name()) {
        case "--work" -> work = option.path();
        case "--duration" -> duration = option.number(5, 600);
        case "--runs" -> runs = option.number(1, 20);
        default -> throw option.unknown();
      }
    }
    return new ClipsOptions(work, duration, runs);
  }
}
