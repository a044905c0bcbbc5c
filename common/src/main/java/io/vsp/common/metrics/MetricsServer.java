package io.vsp.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A service's metrics port: {@code /metrics} (Prometheus text), {@code /healthz} (the process is alive)
 * and {@code /readyz} (200 once the service's readiness check passes, else 503; 503 for good once the
 * service {@linkplain #markFailed failed}).
 */
public final class MetricsServer implements AutoCloseable {
  /**
   * How long {@code /readyz} keeps answering 503 after a failure before {@link #close} stops the server. The
   * process exits right after; without this moment the port would just vanish (connection refused), and a
   * probe or a test could not tell a service that failed from one that never started.
   */
  public static final Duration FAILED_LINGER = Duration.ofSeconds(2);

  private final HttpServer server;
  private volatile long failedAtNanos;
  private volatile boolean failed;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Starts on {@code port} (0 picks a free one) on all interfaces, so Prometheus can scrape it. */
  public static MetricsServer start(int port, PrometheusRegistry registry, BooleanSupplier ready)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    MetricsServer metrics = new MetricsServer(server);
    server.createContext("/metrics", new MetricsHandler(registry));
    server.createContext("/healthz", ex -> text(ex, 200, "ok\n"));
    server.createContext("/readyz", ex -> {
      if (metrics.failed) {
        text(ex, 503, "failed\n");
        return;
      }
      boolean ok = ready.getAsBoolean();
      text(ex, ok ? 200 : 503, ok ? "ready\n" : "not ready\n");
    });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return metrics;
  }

  /** The service cannot go on: {@code /readyz} answers 503 from now on. Idempotent, any thread. */
  public void markFailed() {
    if (!failed) {
      failedAtNanos = System.nanoTime();
      failed = true;
    }
  }

  /** Registers the JVM metrics once per registry (memory, GC, threads, ...). */
  public static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmMetrics.builder().register(registry);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving; after a failure, not before {@link #FAILED_LINGER} has passed since it. */
  @Override
  public void close() {
    if (failed) {
      long leftNanos = failedAtNanos + FAILED_LINGER.toNanos() - System.nanoTime();
      if (leftNanos > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(leftNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stop at once
        }
      }
    }
    server.stop(0);
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
