package io.vsp.app;

import io.vsp.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code vsp}: the command line of SPEC §3. Exit status 0 done, 1 runtime failure, 2 usage or
 * configuration error (the message names file, key path and problem; no stack trace).
 */
@Command(name = "vsp", mixinStandardHelpOptions = true, version = "vsp 0.1.0",
    description = "Real-time video stream processor: RTSP cameras -> Kafka -> detections -> events.",
    subcommands = {IngestCommand.class, DetectorCommand.class, SinkCommand.class, RunCommand.class,
        DemoCommand.class,
        ConfigCommand.class, ModelCommand.class, EngineCommand.class, ReplayCommand.class, CompareCommand.class,
        PlanCommand.class})
public final class Main implements Runnable {
  public static final int RUNTIME_FAILURE = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit status. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs a command with its output going to {@code out} and {@code err} (tests call this). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err).setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException ce) {
        cmd.getErr().println(ce.getMessage());
        return USAGE;
      }
      cmd.getErr().println("vsp: " + io.vsp.common.config.Secrets.mask(String.valueOf(e)));
      return RUNTIME_FAILURE;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
