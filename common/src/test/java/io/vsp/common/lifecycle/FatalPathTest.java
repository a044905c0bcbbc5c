package io.vsp.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.MetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A thread that dies unexpectedly reaches the service's onFatal once, and /readyz turns 503 for good. */
class FatalPathTest {
  @Test
  void uncaughtExceptionOfAServiceThreadGoesToOnFatalOnce() throws Exception {
    BlockingQueue<Throwable> fatal = new LinkedBlockingQueue<>();
    FatalPath path = new FatalPath("test", fatal::add);
    IllegalStateException boom = new IllegalStateException("boom");
    Thread t = path.thread("batch:m", () -> {
      throw boom;
    });
    t.start();
    assertThat(fatal.poll(10, TimeUnit.SECONDS)).isSameAs(boom);
    assertThat(path.failed()).isTrue();
    path.fail("infer:m", new IllegalStateException("consequence"));
    assertThat(fatal).isEmpty();
  }

  @Test
  void scheduledTaskThatThrowsIsNotSwallowedByItsExecutor() throws Exception {
    BlockingQueue<Throwable> fatal = new LinkedBlockingQueue<>();
    FatalPath path = new FatalPath("test", fatal::add);
    var executor = Executors.newSingleThreadScheduledExecutor(path.threads("cleanup"));
    try {
      executor.scheduleWithFixedDelay(path.guard(() -> {
        throw new OutOfMemoryError("test");
      }), 0, 1, TimeUnit.HOURS);
      assertThat(fatal.poll(10, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void readinessTurns503WhenAThreadDiesAndStaysSo() throws Exception {
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    FatalPath path = new FatalPath("test", fatal::add);
    try (MetricsServer server = MetricsServer.start(0, new PrometheusRegistry(), () -> true)) {
      path.readiness(server);
      assertThat(readyz(server.port())).isEqualTo(200);
      path.fail("clipper", new IllegalStateException("boom"));
      assertThat(readyz(server.port())).isEqualTo(503);
      assertThat(fatal).hasSize(1);
    }
  }

  private static int readyz(int port) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
