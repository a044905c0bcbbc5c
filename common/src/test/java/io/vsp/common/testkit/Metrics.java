package io.vsp.common.testkit;

import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes a service's {@code /metrics} (Prometheus text format) into {@code series -> value}. */
public final class Metrics {
  private static final Pattern METRICS_PORT = Pattern.compile("serving metrics on port (\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Metrics() {}

  /** The raw text of {@code http://127.0.0.1:port/metrics}. */
  public static String text(int port) {
    return get(port, "/metrics").body();
  }

  /** The text a {@code /metrics} serving {@code registry} would answer, for unit tests of metric classes. */
  public static String text(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The HTTP status of {@code path} on the metrics port. */
  public static int status(int port, String path) {
    return get(port, path).statusCode();
  }

  /**
   * The metrics port a VSP service process logged ("serving metrics on port N": configured as 0, a free one),
   * waited for; fails with the process's output if it ends first.
   */
  public static int loggedPort(JavaProcess process, Duration within) {
    int[] port = new int[1];
    await("metrics port of " + process).atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError(process + " ended early:\n" + process.output());
      }
      Matcher m = METRICS_PORT.matcher(process.output());
      if (!m.find()) {
        return false;
      }
      port[0] = Integer.parseInt(m.group(1));
      return true;
    });
    return port[0];
  }

  /** Series as written, e.g. {@code vsp_ingest_packets_total{camera="a"}}, to value. */
  public static Map<String, Double> scrape(int port) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text(port).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return out;
  }

  /** The value of {@code name{camera="<camera>"...}} summed over other labels; 0 when absent. */
  public static double value(int port, String name, String camera) {
    double sum = 0;
    for (var e : scrape(port).entrySet()) {
      String series = e.getKey();
      if (series.startsWith(name + "{") && series.contains("camera=\"" + camera + "\"")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
