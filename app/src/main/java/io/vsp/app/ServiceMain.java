package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.kafka.KafkaStartup;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.engine.EngineException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle the long-running commands share: start a service, run it until SIGTERM (a shutdown hook closes
 * it) or until it reports a fatal error ({@link #fail}, its {@code onFatal}), close it, and turn how it ended
 * into the exit status. Whatever happens, the process ends within {@link #EXIT_DEADLINE} of SIGTERM or of a
 * fatal error: a close that hangs is cut short by halting the JVM. One instance per command run.
 */
final class ServiceMain {
  /**
   * From SIGTERM or a fatal error to the end of the process, at most: under the 10 s a supervisor is promised
   * (docs/OPERATIONS.md), with a second left for the JVM's own exit.
   */
  static final Duration EXIT_DEADLINE = Duration.ofSeconds(9);
  /** What a JVM ended by SIGTERM reports (128 + 15); the watchdog keeps it when it cuts a close short. */
  private static final int SIGTERM_STATUS = 143;

  /** A service's {@code start()}. */
  @FunctionalInterface
  interface Start {
    void start() throws Exception;
  }

  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger status = new AtomicInteger(0);
  private Thread watchdog; // guarded by this
  private volatile String command = "vsp";
  private volatile PrintWriter err;

  /** A fresh registry with the JVM's metrics, for a service's metrics endpoint. */
  static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    return registry;
  }

  /**
   * The service cannot go on (the service has logged why): ends {@link #runUntilStopped} with
   * {@link Main#USAGE} when Kafka refuses it for good (the one-line reason goes to the command's error
   * output), else with {@link Main#RUNTIME_FAILURE}. Any thread; the first call decides the status.
   */
  void fail(Throwable error) {
    Optional<String> problem = KafkaStartup.permanentProblem(error);
    if (status.compareAndSet(0, problem.isPresent() ? Main.USAGE : Main.RUNTIME_FAILURE) && problem.isPresent()) {
      PrintWriter out = err;
      if (out != null) {
        out.println(command + ": " + problem.get());
      }
    }
    haltAfterDeadline();
    done.countDown();
  }

  /** The service has done its work (a replay reached the end of its window): ends {@link #runUntilStopped} with 0. */
  void finish() {
    done.countDown();
  }

  /**
   * Registers a shutdown hook that runs {@code close} (SIGTERM), runs {@code start}, waits for SIGTERM or
   * {@link #fail}, runs {@code close} (idempotent) and returns 0, or the status {@link #fail} chose. An
   * {@link EngineException} from {@code start}, or a Kafka error that waiting cannot heal
   * ({@link KafkaStartup#permanentProblem}), is printed as {@code command: message} to {@code err} and returns
   * {@link Main#USAGE}; anything else {@code start} throws propagates, the service left to the hook.
   */
  int runUntilStopped(String command, Start start, Runnable close, PrintWriter err) throws Exception {
    this.command = command;
    this.err = err;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      haltAfterDeadline();
      close.run();
      done.countDown();
    }, "shutdown"));
    try {
      try {
        start.start();
      } catch (EngineException e) {
        // the configured model cannot run here (missing, fits no contract, engine unavailable): a
        // configuration problem to fix before starting again
        err.println(command + ": " + e.getMessage());
        return closeWith(Main.USAGE, close);
      } catch (Exception e) {
        Optional<String> problem = KafkaStartup.permanentProblem(e);
        if (problem.isEmpty()) {
          throw e;
        }
        err.println(command + ": " + problem.get()); // e.g. no ACL, a replication factor the cluster cannot give
        return closeWith(Main.USAGE, close);
      }
      done.await();
      close.run();
      return status.get();
    } finally {
      // closed in time: the caller exits now (System.exit runs the hook, which arms a new deadline), or is
      // a test that goes on in this JVM
      disarm();
    }
  }

  private int closeWith(int code, Runnable close) {
    status.compareAndSet(0, code);
    haltAfterDeadline();
    close.run();
    return status.get();
  }

  /**
   * Halts the JVM {@link #EXIT_DEADLINE} from now, with the status chosen by then (143 after SIGTERM alone), in
   * case closing hangs (a native call that does not return, a broker that does not answer). The first call
   * arms it until {@link #disarm}; a JVM that ends in time takes the daemon thread with it.
   */
  private synchronized void haltAfterDeadline() {
    if (watchdog != null) {
      return;
    }
    watchdog = new Thread(() -> {
      try {
        Thread.sleep(EXIT_DEADLINE.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      int code = status.get() != 0 ? status.get() : SIGTERM_STATUS;
      System.err.println(command + ": still closing " + EXIT_DEADLINE.toSeconds() + " s after the stop; halting"
          + " with status " + code);
      Runtime.getRuntime().halt(code);
    }, "exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private synchronized void disarm() {
    if (watchdog != null) {
      watchdog.interrupt();
      watchdog = null;
    }
  }
}
