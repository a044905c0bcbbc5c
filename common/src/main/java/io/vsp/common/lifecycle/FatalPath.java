package io.vsp.common.lifecycle;

import io.vsp.common.config.Secrets;
import io.vsp.common.metrics.MetricsServer;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's way out when one of its threads dies unexpectedly: the first failure is logged once with the
 * thread's name, turns {@code /readyz} to 503 and goes to the service's {@code onFatal}, which ends the process
 * (exit status 1, so its supervisor restarts it). Later failures, mostly consequences of the first, get one line
 * each. The service's threads and periodic tasks come from here, so that none of them dies silently.
 */
public final class FatalPath {
  private static final Logger log = LoggerFactory.getLogger(FatalPath.class);

  private final String service;
  private final Consumer<Throwable> onFatal;
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile MetricsServer readiness;

  /** @param service what the log calls the service, e.g. {@code "detector a"} */
  public FatalPath(String service, Consumer<Throwable> onFatal) {
    this.service = service;
    this.onFatal = onFatal;
  }

  /** The metrics server whose {@code /readyz} answers 503 once this path is taken (also if it was already). */
  public void readiness(MetricsServer server) {
    readiness = server;
    if (failed.get()) {
      server.markFailed();
    }
  }

  public boolean failed() {
    return failed.get();
  }

  /** The calling thread cannot go on. */
  public void fail(Throwable error) {
    fail(Thread.currentThread().getName(), error);
  }

  /** Thread {@code thread} died of {@code error}; the service ends. Any thread, any number of times. */
  public void fail(String thread, Throwable error) {
    if (!failed.compareAndSet(false, true)) {
      log.warn("{}: thread {} failed too: {}", service, thread, Secrets.mask(String.valueOf(error)));
      return;
    }
    MetricsServer server = readiness;
    if (server != null) {
      server.markFailed();
    }
    log.error("{} cannot go on: thread {} died: {}", service, thread, Secrets.mask(String.valueOf(error)), error);
    onFatal.accept(error);
  }

  /** A thread, not started yet, whose uncaught exception takes this path. */
  public Thread thread(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setUncaughtExceptionHandler((t, e) -> fail(t.getName(), e));
    return thread;
  }

  /** Daemon threads named {@code name} for an executor, whose uncaught exceptions take this path. */
  public ThreadFactory threads(String name) {
    return body -> {
      Thread thread = thread(name, body);
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * A periodic task whose exception takes this path: a scheduled executor would only keep it in the task's
   * future and silently cancel the schedule.
   */
  public Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (Throwable e) { // an Error too: the task would never run again
        fail(e);
      }
    };
  }
}
