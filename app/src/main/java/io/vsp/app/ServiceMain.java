package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.engine.EngineException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle the long-running commands share: start a service, run it until SIGTERM (a shutdown hook closes
 * it) or until it reports a fatal error ({@link #fail}, its {@code onFatal}), close it, and turn how it ended
 * into the exit status. One instance per command run.
 */
final class ServiceMain {
  /** A service's {@code start()}. */
  @FunctionalInterface
  interface Start {
    void start() throws Exception;
  }

  private final CountDownLatch done = new CountDownLatch(1);
  private final AtomicInteger status = new AtomicInteger(0);

  /** A fresh registry with the JVM's metrics, for a service's metrics endpoint. */
  static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    return registry;
  }

  /** The service cannot go on: ends {@link #runUntilStopped} with {@link Main#RUNTIME_FAILURE}. */
  void fail(Throwable error) {
    status.set(Main.RUNTIME_FAILURE);
    done.countDown();
  }

  /**
   * Registers a shutdown hook that runs {@code close} (SIGTERM), runs {@code start}, waits for SIGTERM or
   * {@link #fail}, runs {@code close} (idempotent) and returns 0, or {@link Main#RUNTIME_FAILURE} after a fatal
   * error. An {@link EngineException} from {@code start} is printed as {@code command: message} to {@code err}
   * and returns {@link Main#USAGE}; anything else {@code start} throws propagates, the service left to the hook.
   */
  int runUntilStopped(String command, Start start, Runnable close, PrintWriter err) throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      close.run();
      done.countDown();
    }, "shutdown"));
    try {
      start.start();
    } catch (EngineException e) {
      // the configured model cannot run here (missing, fits no contract, engine unavailable): a
      // configuration problem to fix before starting again
      err.println(command + ": " + e.getMessage());
      close.run();
      return Main.USAGE;
    }
    done.await();
    close.run();
    return status.get();
  }
}
