package io.vsp.bench;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The {@code main} every benchmark shares: {@code --help} prints the usage; options that do not parse
 * print the mistake and the usage and exit 2; then the benchmark runs and its status is the exit code,
 * 1 when it threw.
 */
public final class BenchMain {
  /** A benchmark run with its parsed options; returns the exit status (0 passed, 1 failed). */
  @FunctionalInterface
  public interface Runner<T> {
    int run(T options) throws Exception;
  }

  private BenchMain() {
  }

  /**
   * Runs benchmark {@code name} ({@code bench/run <name>}) and exits the JVM, except after {@code --help}.
   *
   * @param parse reads the options; throws {@link IllegalArgumentException} with the message to print
   */
  public static <T> void run(String name, String usage, String[] args, Function<String[], T> parse,
                             Runner<T> bench) {
    // before any logger exists: the test kit's logback-test.xml on the classpath would log Kafka at INFO
    System.getProperties().putIfAbsent("logback.configurationFile", "bench-logback.xml");
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(usage);
      return;
    }
    T options;
    try {
      options = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench " + name + ": " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    int status;
    try {
      status = bench.run(options);
    } catch (Exception e) {
      System.err.println("bench " + name + ": FAILED: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }
}
