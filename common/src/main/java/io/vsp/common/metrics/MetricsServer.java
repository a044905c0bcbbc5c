package io.vsp.common.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.http.HttpServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A service's metrics port: {@code /metrics} (Prometheus text), {@code /healthz} (the process is alive)
 * and {@code /readyz} (200 once the service's readiness check passes, else 503; 503 for good once the
 * service {@linkplain #markFailed failed}). Any {@code Host} is answered: Prometheus and the kubelet call it by
 * IP. Limits: {@link HttpServers.Limits#METRICS}.
 */
public final class MetricsServer implements AutoCloseable {
  /**
   * How long {@code /readyz} keeps answering 503 after a failure before {@link #close} stops the server. The
   * process exits right after; without this moment the port would just vanish (connection refused), and a
   * probe or a test could not tell a service that failed from one that never started.
   */
  public static final Duration FAILED_LINGER = Duration.ofSeconds(2);

  private final HttpServers.Running server;
  private final Readiness readiness;

  private MetricsServer(HttpServers.Running server, Readiness readiness) {
    this.server = server;
    this.readiness = readiness;
  }

  /** The service's own readiness check, overridden for good by a failure. */
  private static final class Readiness {
    private final BooleanSupplier check;
    private volatile long failedAtNanos;
    private volatile boolean failed;

    Readiness(BooleanSupplier check) {
      this.check = check;
    }

    void fail() {
      if (!failed) {
        failedAtNanos = System.nanoTime();
        failed = true;
      }
    }

    boolean ready() {
      return !failed && check.getAsBoolean();
    }
  }

  /** Starts on {@code port} (0 picks a free one) on all interfaces, so Prometheus can scrape it. */
  public static MetricsServer start(int port, PrometheusRegistry registry, BooleanSupplier ready)
      throws IOException {
    return start(port, registry, ready, HttpServers.Limits.METRICS);
  }

  static MetricsServer start(int port, PrometheusRegistry registry, BooleanSupplier ready,
                             HttpServers.Limits limits) throws IOException {
    Readiness readiness = new Readiness(ready);
    return new MetricsServer(HttpServers.start("metrics-http", null, port, limits,
        new Routes(registry, readiness)), readiness);
  }

  /** The service cannot go on: {@code /readyz} answers 503 from now on. Idempotent, any thread. */
  public void markFailed() {
    readiness.fail();
  }

  /** Registers the JVM metrics once per registry (memory, GC, threads, ...). */
  public static void registerJvmMetrics(PrometheusRegistry registry) {
    JvmMetrics.builder().register(registry);
  }

  public int port() {
    return server.port();
  }

  /** Stops serving; after a failure, not before {@link #FAILED_LINGER} has passed since it. */
  @Override
  public void close() {
    long failedAt = readiness.failedAtNanos;
    if (readiness.failed) {
      long leftNanos = failedAt + FAILED_LINGER.toNanos() - System.nanoTime();
      if (leftNanos > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(leftNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stop at once
        }
      }
    }
    server.close();
  }

  private static final class Routes extends Handler.Abstract {
    private final PrometheusRegistry registry;
    private final Readiness ready;
    private final ExpositionFormats formats = ExpositionFormats.init();

    Routes(PrometheusRegistry registry, Readiness ready) {
      this.registry = registry;
      this.ready = ready;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
      String method = request.getMethod();
      String path = request.getHttpURI().getPath();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        text(request, response, callback, 405, "only GET and HEAD are allowed\n");
      } else if (path.equals("/metrics")) {
        scrape(request, response, callback);
      } else if (path.equals("/healthz")) {
        text(request, response, callback, 200, "ok\n");
      } else if (path.equals("/readyz")) {
        boolean ok = ready.ready();
        String body = ok ? "ready\n" : ready.failed ? "failed\n" : "not ready\n";
        text(request, response, callback, ok ? 200 : 503, body);
      } else {
        text(request, response, callback, 404, "not found\n");
      }
      return true;
    }

    /** The registry in the format the scraper asks for (text or OpenMetrics; protobuf is not on the path). */
    private void scrape(Request request, Response response, Callback callback) throws IOException {
      ExpositionFormatWriter writer = formats.findWriter(request.getHeaders().get(HttpHeader.ACCEPT));
      if (!writer.isAvailable()) {
        writer = formats.getPrometheusTextFormatWriter();
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
      writer.write(body, registry.scrape());
      HttpServers.send(request, response, callback, 200, writer.getContentType(), body.toByteArray());
    }

    private static void text(Request request, Response response, Callback callback, int status, String body) {
      HttpServers.send(request, response, callback, status, "text/plain; charset=utf-8",
          body.getBytes(StandardCharsets.UTF_8));
    }
  }
}
