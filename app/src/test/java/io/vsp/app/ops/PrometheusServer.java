package io.vsp.app.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Prometheus server ({@code /usr/bin/prometheus}, package {@code prometheus}) as a child
 * process of the test: it scrapes the given targets every second, loads the given rule files, keeps its
 * data in a temporary folder and answers PromQL through its HTTP API on a free loopback port.
 */
public final class PrometheusServer implements AutoCloseable {
  /** The binary; {@code bin/setup-system test} installs it. */
  public static final Path BINARY = Path.of("/usr/bin/prometheus");

  /**
   * One scrape job.
   *
   * @param name the {@code job} label
   * @param targets {@code host:port} of {@code /metrics} endpoints
   * @param labels extra target labels (the compose stack adds {@code service})
   */
  public record ScrapeJob(String name, List<String> targets, Map<String, String> labels) {
    public ScrapeJob {
      targets = List.copyOf(targets);
      labels = Map.copyOf(labels);
    }

    public static ScrapeJob of(String name, String... targets) {
      return new ScrapeJob(name, List.of(targets), Map.of());
    }
  }

  /** Prometheus refused a query (parse or evaluation error): its error type and message. */
  public static final class QueryException extends RuntimeException {
    public QueryException(String promql, String errorType, String error) {
      super(errorType + ": " + error + " (query: " + promql + ")");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path dir;
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private boolean closed; // guarded by this

  private PrometheusServer(Process process, Path dir, URI base) {
    this.process = process;
    this.dir = dir;
    this.base = base;
  }

  /** Starts Prometheus and returns once {@code /-/ready} answers 200 (config and rules loaded). */
  public static PrometheusServer start(List<ScrapeJob> jobs, List<Path> ruleFiles) throws IOException {
    Path dir = Files.createTempDirectory("vsp-prometheus");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(jobs, ruleFiles));
    int port = freePort();
    Process process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--storage.tsdb.retention.time=1h",
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    PrometheusServer server = new PrometheusServer(process, dir, URI.create("http://127.0.0.1:" + port));
    try {
      await("Prometheus ready on port " + port).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class) // ConnectException until it listens
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("prometheus exited with status " + process.exitValue() + ":\n" + server.log());
            }
            return server.status("/-/ready") == 200;
          });
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The configuration file Prometheus is started with: 1 s scrape and rule evaluation. */
  static String config(List<ScrapeJob> jobs, List<Path> ruleFiles) {
    StringBuilder y = new StringBuilder();
    y.append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n");
    if (!ruleFiles.isEmpty()) {
      y.append("rule_files:\n");
      ruleFiles.forEach(f -> y.append("  - ").append(quote(f.toAbsolutePath().toString())).append('\n'));
    }
    y.append("scrape_configs:\n");
    for (ScrapeJob job : jobs) {
      y.append("  - job_name: ").append(quote(job.name())).append("\n    static_configs:\n      - targets: [");
      y.append(String.join(", ", job.targets().stream().map(PrometheusServer::quote).toList())).append("]\n");
      if (!job.labels().isEmpty()) {
        y.append("        labels:\n");
        job.labels().forEach((k, v) -> y.append("          ").append(k).append(": ").append(quote(v)).append('\n'));
      }
    }
    return y.toString();
  }

  /** http://127.0.0.1:port of this server. */
  public URI uri() {
    return base;
  }

  /**
   * Evaluates {@code promql} now ({@code /api/v1/query}) and returns the response's {@code data}
   * ({@code resultType} and {@code result}).
   *
   * @throws QueryException when Prometheus refuses the query
   */
  public JsonNode query(String promql) {
    String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/query"))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    JsonNode body = send(request);
    if (!"success".equals(body.path("status").asText())) {
      throw new QueryException(promql, body.path("errorType").asText(), body.path("error").asText());
    }
    return body.path("data");
  }

  /** The {@code data} of a GET on the HTTP API, e.g. {@code /api/v1/targets} or {@code /api/v1/rules}. */
  public JsonNode api(String path) {
    JsonNode body = send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalStateException(path + ": " + body);
    }
    return body.path("data");
  }

  /** Prometheus' own log so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops Prometheus (SIGTERM, then SIGKILL after 10 s) and deletes its folder. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    deleteTree(dir);
  }

  private int status(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).GET().build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing a test for
    }
  }
}
