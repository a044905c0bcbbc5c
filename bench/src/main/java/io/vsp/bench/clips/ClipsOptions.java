package io.vsp.bench.clips;

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
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument " + name);
      }
      String value = args[++i];
      switch (name) {
        case "--work" -> work = Path.of(value);
        case "--duration" -> duration = number(name, value, 5, 600);
        case "--runs" -> runs = number(name, value, 1, 20);
        default -> throw new IllegalArgumentException("unknown option " + name);
      }
    }
    return new ClipsOptions(work, duration, runs);
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
