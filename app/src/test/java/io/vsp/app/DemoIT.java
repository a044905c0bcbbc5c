package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.app.ops.MetricCatalog;
import io.vsp.app.ops.PromQueries;
import io.vsp.app.ops.PrometheusServer;
import io.vsp.common.testkit.HeadlessChromium;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.Metrics;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance on a running demo ({@code vsp demo --duration 60s}, its own process): Debian's
 * Prometheus scrapes its three metrics endpoints and evaluates every dashboard query (each returns data) and
 * alert expression (each parses); every metric the dashboards and rules name is exported; the page lists the
 * demo's events in headless Chromium; the demo exits 0 with a summary of frames, detections, events and clips
 * above zero, and every clip it wrote decodes to the end.
 */
class DemoIT {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final Pattern SUMMARY = Pattern.compile(
      "frames (\\d+), detections (\\d+), events (\\d+) \\(\\d+ records\\), clips (\\d+)");

  @TempDir
  Path dir;

  @Test
  void theDemoFeedsDashboardsAlertsAndThePageAndEndsWithPlayableClips() throws Exception {
    int http = freePort();
    int metrics = freeRun();
    Path out = dir.resolve("demo");
    try (JavaProcess demo = JavaProcess.start(List.of("-Xmx1g", "-Dlogback.configurationFile=logback.xml"),
        Main.class.getName(), List.of("demo", "--duration", "60s", "--out", out.toString(), "--http-port",
            String.valueOf(http), "--metrics-port", String.valueOf(metrics)), Map.of(), dir.resolve("demo.log"))) {
      await().atMost(Duration.ofSeconds(90)).until(() -> {
        assertThat(demo.isAlive()).as("demo running; output: %s", demo.output()).isTrue();
        return demo.output().contains("page:");
      });
      List<Integer> ports = List.of(metrics, metrics + 1, metrics + 2);
      try (PrometheusServer prometheus = PrometheusServer.start(List.of(
              PrometheusServer.ScrapeJob.of("vsp", ports.stream().map(p -> "127.0.0.1:" + p).toArray(String[]::new))),
          List.of(DEPLOY.resolve("prometheus/rules/vsp.rules.yml")))) {
        List<PromQueries.Query> queries = PromQueries.all(DEPLOY, PromQueries.Variables.of(Map.of("camera", "demo")));
        assertThat(queries).hasSizeGreaterThan(20);
        // every query parses; every panel query returns data once the demo has produced some
        Map<PromQueries.Query, String> empty = new LinkedHashMap<>();
        try {
          await().atMost(Duration.ofSeconds(50)).pollInterval(Duration.ofSeconds(2)).until(() -> {
          empty.clear();
          for (PromQueries.Query q : queries) {
            JsonNode data = prometheus.query(q.expr()); // throws when Prometheus refuses it
            boolean panel = !q.source().contains(".yml") && !q.source().contains(".yaml");
            if (panel && data.path("result").isEmpty()) {
              empty.put(q, data.toString());
            }
          }
          return empty.isEmpty();
          });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // reported below, query by query
        }
        assertThat(empty).as("panel queries without data").isEmpty();
        assertThat(prometheus.api("/api/v1/rules").path("groups")).isNotEmpty();
        // every metric named in dashboards and rules is one the services export (events exist by now, and
        // with them the event series, whose label values are known only then)
        MetricCatalog exported = MetricCatalog.parse(Metrics.text(ports.get(0)))
            .plus(MetricCatalog.parse(Metrics.text(ports.get(1))))
            .plus(MetricCatalog.parse(Metrics.text(ports.get(2))));
        for (PromQueries.Query q : queries) {
          for (String name : PromQueries.metricNames(q.expr())) {
            assertThat(exported.seriesNames()).as("%s names %s", q, name).contains(name);
          }
        }
      }

      try (HeadlessChromium chromium = HeadlessChromium.start()) {
        chromium.open("http://127.0.0.1:" + http + "/");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(((Number) chromium.evaluate(
            "document.querySelectorAll('[data-event-id]').length")).intValue()).isPositive());
      }

      assertThat(demo.waitFor(Duration.ofSeconds(150))).as(demo.output()).isZero();
      Matcher m = SUMMARY.matcher(demo.output());
      assertThat(m.find()).as(demo.output()).isTrue();
      for (int group = 1; group <= 4; group++) {
        assertThat(Long.parseLong(m.group(group))).as("summary: %s", m.group()).isPositive();
      }
    }
    List<Path> clips;
    try (Stream<Path> files = Files.walk(out.resolve("clips"))) {
      clips = files.filter(p -> p.getFileName().toString().endsWith(".mp4")).toList();
    }
    assertThat(clips).isNotEmpty();
    List<String> broken = new ArrayList<>();
    for (Path clip : clips) {
      String errors = ClipProbe.decodeErrors(clip);
      if (!errors.isEmpty() || clip.getFileName().toString().startsWith(".")) {
        broken.add(clip + ": " + errors);
      }
    }
    assertThat(broken).isEmpty();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The first of three consecutive free ports. */
  private static int freeRun() throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = freePort();
      if (base < 65000 && free(base + 1) && free(base + 2)) {
        return base;
      }
    }
    throw new IllegalStateException("no three consecutive free ports");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
