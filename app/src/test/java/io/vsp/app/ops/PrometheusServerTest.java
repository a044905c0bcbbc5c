package io.vsp.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.MetricsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Debian's Prometheus, started by {@link PrometheusServer}, scrapes a VSP metrics port and answers PromQL. */
class PrometheusServerTest {
  private static final Path RULES = Path.of("..", "deploy", "prometheus", "rules", "vsp.rules.yml");

  private static MetricsServer metrics;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter ticks = Counter.builder().name("vsp_test_ticks_total").help("test").labelNames("camera")
        .register(registry);
    ticks.labelValues("lobby").inc(3);
    metrics = MetricsServer.start(0, registry, () -> true);
    prometheus = PrometheusServer.start(
        List.of(new PrometheusServer.ScrapeJob("vsp-test", List.of("127.0.0.1:" + metrics.port()),
            Map.of("service", "test"))),
        List.of(RULES));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  @Test
  void queryReturnsTheScrapedValueWithTargetLabels() {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      JsonNode data = prometheus.query("vsp_test_ticks_total");
      assertThat(data.path("resultType").asText()).isEqualTo("vector");
      assertThat(data.path("result")).hasSize(1);
    });
    JsonNode sample = prometheus.query("vsp_test_ticks_total").path("result").get(0);
    assertThat(sample.path("metric").path("camera").asText()).isEqualTo("lobby");
    assertThat(sample.path("metric").path("job").asText()).isEqualTo("vsp-test");
    assertThat(sample.path("metric").path("service").asText()).isEqualTo("test");
    assertThat(sample.path("value").get(1).asText()).isEqualTo("3");
  }

  @Test
  void refusedQueryThrowsPrometheusParseError() {
    assertThatThrownBy(() -> prometheus.query("sum(vsp_test_ticks_total"))
        .isInstanceOf(PrometheusServer.QueryException.class)
        .hasMessageStartingWith("bad_data: ")
        .hasMessageContaining("parse error")
        .hasMessageEndingWith("(query: sum(vsp_test_ticks_total)");
  }

  @Test
  void ruleFilesAreLoaded() {
    JsonNode groups = prometheus.api("/api/v1/rules").path("groups");
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).path("name").asText()).isEqualTo("vsp");
    assertThat(groups.get(0).path("rules").findValuesAsText("name")).containsExactly(
        "VspCameraNoFrames", "VspDetectorLagGrowing", "VspDetectorStaleFrames", "VspStartEventLatencyHigh",
        "VspClockSkew", "VspInvalidRecords");
  }

  @Test
  void configScrapesEverySecondWithJobLabels() {
    assertThat(PrometheusServer.config(
        List.of(PrometheusServer.ScrapeJob.of("vsp-ingest", "127.0.0.1:9101")), List.of()))
        .isEqualTo("""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: 'vsp-ingest'
                static_configs:
                  - targets: ['127.0.0.1:9101']
            """);
  }
}
