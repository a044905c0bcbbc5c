package io.vsp.common.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another JVM running a main class on the test classpath, with its stdout and stderr captured to a log
 * file; for tests that run several service instances and kill them (SIGTERM or SIGKILL). The child
 * dies with the test JVM (see {@link ParentWatch}); {@link #close()} kills it if still alive.
 */
public final class JavaProcess implements AutoCloseable {

  private static final int TAIL_LINES = 60;

  private final String mainClass;
  private final Process process;
  private final Path logFile;

  private JavaProcess(String mainClass, Process process, Path logFile) {
    this.mainClass = mainClass;
    this.process = process;
    this.logFile = logFile;
  }

  public static JavaProcess start(String mainClass, List<String> args, Map<String, String> env, Path logFile) {
    return start(List.of("-Xmx512m"), mainClass, args, env, logFile);
  }

  /** As {@link #start(String, List, Map, Path)} with explicit JVM options ({@code -Xmx}, {@code -Dkey=value}). */
  public static JavaProcess start(List<String> jvmArgs, String mainClass, List<String> args,
                  Map<String, String> env, Path logFile) {
    try {
      if (logFile.getParent() != null) {
        Files.createDirectories(logFile.getParent());
      }
      ProcessBuilder builder = new ProcessBuilder(TestJvm.command(jvmArgs, mainClass, args))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(env);
      return new JavaProcess(mainClass, builder.start(), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a JVM for " + mainClass, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Asks for a graceful exit (SIGTERM: shutdown hooks run); does not wait. */
  public void sigterm() {
    process.destroy();
  }

  /** Kills at once (SIGKILL: no hooks, no flushing); does not wait. */
  public void sigkill() {
    process.destroyForcibly();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the process to end and returns its exit code (143 after SIGTERM, 137 after SIGKILL);
   * fails with the tail of its output when it is still running after {@code timeout}.
   */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(this + " still running after " + timeout.toMillis() + " ms; last output:\n"
            + TestFiles.tail(logFile, TAIL_LINES));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + this, e);
    }
  }

  /** Everything the process wrote to stdout and stderr so far. */
  public String output() {
    return TestFiles.read(logFile);
  }

  public Path logFile() {
    return logFile;
  }

  /** Kills the process if it is still alive and waits for it to be gone. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "JavaProcess[" + mainClass + ", pid " + process.pid() + "]";
  }
}
