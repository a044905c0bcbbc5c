package io.vsp.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.http.HttpServers;
import io.vsp.common.testkit.HalfOpenConnections;
import io.vsp.common.testkit.RawRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicBoolean ready = new AtomicBoolean();
  private MetricsServer server;

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void metricsHealthAndReadinessAnswer() throws Exception {
    Counter.builder().name("vsp_test_things_total").help("things").register(registry).inc(3);
    server = MetricsServer.start(0, registry, ready::get);

    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("text/plain"));
    assertThat(metrics.body()).contains("vsp_test_things_total 3.0");
    assertThat(get("/healthz").body()).isEqualTo("ok\n");
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    ready.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  @Test
  void prometheusScrapingByIpIsAnsweredWhateverTheHost() throws Exception {
    server = MetricsServer.start(0, registry, ready::get);

    assertThat(RawRequests.status(server.port(), "GET", "/metrics", "203.0.113.9:9103", "", CLIENT_TIMEOUT))
        .isEqualTo(200);
    assertThat(RawRequests.status(server.port(), "GET", "/healthz", "10.1.2.3", "", CLIENT_TIMEOUT))
        .isEqualTo(200);
  }

  @Test
  void healthzAnswersWhileFiftyConnectionsHoldHalfARequest() throws Exception {
    // a header deadline far beyond the test, so the 50 are still open when checked
    server = MetricsServer.start(0, registry, ready::get,
        HttpServers.Limits.METRICS.withHeaderDeadline(Duration.ofMinutes(5)));
    try (HalfOpenConnections attack = HalfOpenConnections.open(server.port(), 50)) {
      assertThat(get("/healthz").statusCode()).isEqualTo(200);
      assertThat(get("/metrics").statusCode()).isEqualTo(200);
      assertThat(attack.stillOpen()).as("half-open connections the server has not closed").isEqualTo(50);
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
