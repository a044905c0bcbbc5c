package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.sink.SinkMetrics;
import io.vsp.app.ops.MetricCatalog;
import io.vsp.app.ops.PromQueries;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.publish.DetectorMetrics;
import io.vsp.ingest.publish.IngestMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The static half of issue 5's acceptance for {@code deploy/}: every file parses, compose builds from
 * files that exist, promtool accepts the rules and the Prometheus config, every metric the dashboards
 * and rules name is one the services export, and the shipped VSP configs pass VSP's own config check.
 * (The images are not built and the stack is not run here: no Docker engine.)
 */
class DeployFilesTest {
  static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Labels Prometheus adds to every scraped series (job, instance) and the compose/k8s target label. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "service", "pod");
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?}");

  @Test
  void everyYamlAndJsonFileUnderDeployParses() throws IOException {
    List<String> failures = new ArrayList<>();
    List<Path> files = deployFiles(".yml", ".yaml", ".json");
    for (Path file : files) {
      try {
        if (file.toString().endsWith(".json")) {
          JSON.readTree(file.toFile());
        } else {
          try (Reader in = Files.newBufferedReader(file)) {
            yaml().loadAll(in).forEach(doc -> { });
          }
        }
      } catch (Exception e) {
        failures.add(DEPLOY.relativize(file) + ": " + e.getMessage());
      }
    }
    assertThat(files).as("files under %s", DEPLOY).hasSizeGreaterThan(15);
    assertThat(failures).as("files that do not parse").isEmpty();
  }

  @Test
  void composeBuildContextsAndDockerfilesExist() throws IOException {
    List<String> checked = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Path compose : List.of(DEPLOY.resolve("docker-compose.yml"), DEPLOY.resolve("docker-compose.gpu.yml"))) {
      services(compose).forEach((name, s) -> {
        Map<?, ?> service = (Map<?, ?>) s;
        if (service.get("build") instanceof Map<?, ?> build) {
          Path context = compose.getParent().resolve(String.valueOf(build.get("context"))).normalize();
          Path dockerfile = context.resolve(String.valueOf(build.get("dockerfile"))).normalize();
          if (!Files.isDirectory(context)) {
            failures.add(compose.getFileName() + " " + name + ": build.context " + context + " is not a folder");
          }
          if (!Files.isRegularFile(dockerfile)) {
            failures.add(compose.getFileName() + " " + name + ": build.dockerfile " + dockerfile + " does not exist");
          }
          checked.add(name);
        } else if (service.get("build") != null) {
          failures.add(compose.getFileName() + " " + name + ": build is not a mapping with context and dockerfile");
        }
      });
    }
    assertThat(failures).isEmpty();
    assertThat(checked).as("services built from this repository")
        .contains("ingest", "detector", "sink", "model");
  }

  @Test
  void everyImageIsPinnedByTag() throws IOException {
    List<String> failures = new ArrayList<>();
    Map<String, Object> services = services(DEPLOY.resolve("docker-compose.yml"));
    services.forEach((name, s) -> {
      Map<?, ?> service = (Map<?, ?>) s;
      String image = String.valueOf(service.get("image"));
      if (service.get("build") == null && !pinned(image)) {
        failures.add("docker-compose.yml " + name + ": image " + image + " has no fixed tag");
      }
    });
    for (Path dockerfile : deployFiles("Dockerfile", "Dockerfile.gpu")) {
      String text = Files.readString(dockerfile);
      Map<String, String> args = new LinkedHashMap<>();
      Matcher arg = Pattern.compile("(?m)^ARG (\\w+)=(\\S+)").matcher(text);
      while (arg.find()) {
        args.put(arg.group(1), arg.group(2));
      }
      Matcher from = Pattern.compile("(?m)^FROM (\\S+)").matcher(text);
      Set<String> stages = new TreeSet<>();
      Matcher stage = Pattern.compile("(?m)^FROM \\S+ AS (\\w+)").matcher(text);
      while (stage.find()) {
        stages.add(stage.group(1));
      }
      while (from.find()) {
        String image = from.group(1).replaceAll("^\\$\\{(\\w+)}$", "$1");
        image = args.getOrDefault(image, image);
        if (!stages.contains(image) && !pinned(image)) {
          failures.add(DEPLOY.relativize(dockerfile) + ": FROM " + from.group(1) + " is not pinned by tag");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    List<Path> rules = Files.list(DEPLOY.resolve("prometheus/rules")).sorted().toList();
    assertThat(rules).isNotEmpty();
    List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
    rules.forEach(p -> command.add(p.toString()));
    String out = run(command);
    assertThat(out).contains("SUCCESS: 6 rules found");
  }

  @Test
  void promtoolAcceptsTheComposePrometheusConfig() throws Exception {
    // rule_files are relative to the config file, so the check finds deploy/prometheus/rules as well.
    // (The Kubernetes scrape example is only parsed: Debian's promtool has no kubernetes_sd_configs.)
    assertThat(run(List.of("promtool", "check", "config", DEPLOY.resolve("prometheus/prometheus.yml").toString())))
        .contains("SUCCESS: 1 rule files found");
  }

  @Test
  void everyMetricInDashboardsAndRulesIsExported() throws IOException {
    MetricCatalog known = knownMetrics();
    List<PromQueries.Query> queries = PromQueries.all(DEPLOY, PromQueries.Variables.of(Map.of("camera", "lobby")));
    List<String> failures = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (PromQueries.Query q : queries) {
      PromQueries.selectorLabels(q.expr()).forEach((name, labels) -> {
        if (name.isEmpty()) {
          failures.add(q.source() + ": a selector without a metric name");
          return;
        }
        used.add(name);
        if (!known.seriesNames().contains(name)) {
          failures.add(q.source() + ": " + name + " is not exported (family " + known.familyOf(name) + ")");
          return;
        }
        Set<String> exported = known.labelsOf(name);
        for (String label : labels) {
          if (!exported.isEmpty() && !exported.contains(label) && !TARGET_LABELS.contains(label)) {
            failures.add(q.source() + ": " + name + " has no label " + label + " (it has " + exported + ")");
          }
        }
      });
    }
    assertThat(failures).as("unknown metrics or labels").isEmpty();
    assertThat(queries).as("dashboard and rule queries").hasSizeGreaterThan(40);
    // every stage of SPEC §7 appears on the dashboards or in the rules
    assertThat(used).contains("vsp_ingest_camera_configured", "vsp_ingest_camera_up",
        "vsp_ingest_last_frame_timestamp_seconds", "vsp_ingest_frames_published_total",
        "vsp_detector_frames_total", "vsp_detector_latency_seconds_bucket", "vsp_detector_lag_records",
        "vsp_sink_events_total", "vsp_sink_event_latency_seconds_bucket", "vsp_sink_clip_build_seconds_bucket",
        "vsp_sink_lag_records");
  }

  @Test
  void dashboardsUseTheProvisionedDatasourceAndRateInterval() throws IOException {
    Map<?, ?> provisioning = (Map<?, ?>) yaml().load(
        Files.readString(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml")));
    String uid = String.valueOf(((Map<?, ?>) ((List<?>) provisioning.get("datasources")).get(0)).get("uid"));
    List<String> failures = new ArrayList<>();
    Set<String> uids = new TreeSet<>();
    for (Path file : Files.list(DEPLOY.resolve("grafana/dashboards")).sorted().toList()) {
      JsonNode dashboard = JSON.readTree(file.toFile());
      assertThat(uids.add(dashboard.path("uid").asText())).as("unique uid in %s", file).isTrue();
      assertThat(dashboard.path("schemaVersion").asInt()).as("%s schemaVersion", file).isBetween(36, 41);
      Set<Integer> ids = new TreeSet<>();
      for (JsonNode panel : dashboard.path("panels")) {
        if (!ids.add(panel.path("id").asInt())) {
          failures.add(file.getFileName() + ": duplicate panel id " + panel.path("id"));
        }
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          if (!uid.equals(target.path("datasource").path("uid").asText())) {
            failures.add(file.getFileName() + " \"" + panel.path("title").asText() + "\": datasource is not " + uid);
          }
          if (expr.matches("(?s).*\\[\\d+[smh]].*")) {
            failures.add(file.getFileName() + " \"" + panel.path("title").asText() + "\": a fixed range instead of $__rate_interval: " + expr);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void composeConfigPassesConfigCheckWithTheServicesEnvironment() throws Exception {
    Map<String, Object> services = services(DEPLOY.resolve("docker-compose.yml"));
    Set<String> needed = referencedWithoutDefault(DEPLOY.resolve("config"));
    for (String name : List.of("ingest", "detector", "sink")) {
      Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) services.get(name)).get("environment");
      assertThat(env.keySet().stream().map(String::valueOf).toList()).as("%s environment has the variables deploy/config needs", name).containsAll(needed);
    }
    VspConfig config = ConfigLoader.load(DEPLOY.resolve("config/vsp.yaml"), Map.of("VSP_SINK_TOKEN", "t0k:en"));
    assertThat(config.sink().http().token()).isEqualTo("t0k:en");
    assertThat(ConfigLoader.loadCamerasDir(config.camerasDir(), Map.of())).containsOnlyKeys("lobby");
  }

  @Test
  void kubernetesConfigPassesConfigCheckWithTheSecretAndEnvKeys(@TempDir Path tmp) throws Exception {
    Path k8s = DEPLOY.resolve("k8s");
    Map<String, String> env = new LinkedHashMap<>();
    for (String key : dataKeys(k8s.resolve("secret.yaml"), "stringData")) {
      env.put(key, "value-of-" + key);
    }
    for (String key : dataKeys(k8s.resolve("config.yaml"), "data")) {
      if (!key.endsWith(".yaml")) {
        env.put(key, key.equals("KAFKA_REPLICATION_FACTOR") ? "3" : "kafka:9092");
      }
    }
    Path cameras = Files.createDirectories(tmp.resolve("cameras.d"));
    Map<?, ?> cameraData = (Map<?, ?>) docs(k8s.resolve("cameras.yaml")).get(0).get("data");
    for (Map.Entry<?, ?> e : cameraData.entrySet()) {
      Files.writeString(cameras.resolve(String.valueOf(e.getKey())), String.valueOf(e.getValue()));
    }
    String vspYaml = configMapData(k8s.resolve("config.yaml"), "vsp.yaml")
        .replace("camerasDir: /etc/vsp/cameras.d", "camerasDir: " + cameras);
    Path file = Files.writeString(tmp.resolve("vsp.yaml"), vspYaml);
    VspConfig config;
    try {
      config = ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      throw new AssertionError("k8s vsp.yaml with env " + env.keySet() + ": " + e.getMessage(), e);
    }
    assertThat(config.camerasDir()).isEqualTo(cameras);
    assertThat(ConfigLoader.loadCamerasDir(cameras, env)).containsOnlyKeys("lobby");
  }

  // ---- the metrics the services export ----

  /**
   * What the services register, from their metric classes, and JVM and process metrics from client_java's
   * {@code JvmMetrics}. Each labelled metric gets one series so that its label names are known. DemoIT
   * checks the same against a running demo's three {@code /metrics} texts.
   */
  static MetricCatalog knownMetrics() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    new IngestMetrics(registry).cameraKnown("lobby");
    new DetectorMetrics(registry).cameraSeen("lobby");
    SinkMetrics sink = new SinkMetrics(registry, () -> 0);
    sink.eventSent("lobby", "start", "person");
    new InvalidRecords(registry, "sink", "vsp.", List.of("events"));
    MetricsServer.registerJvmMetrics(registry);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return MetricCatalog.parse(out.toString(StandardCharsets.UTF_8));
  }

  // ---- helpers ----

  private static boolean pinned(String image) {
    int slash = image.lastIndexOf('/');
    int colon = image.indexOf(':', slash + 1);
    return colon > 0 && !image.endsWith(":latest") && !image.contains("$");
  }

  private static List<Path> deployFiles(String... suffixes) throws IOException {
    try (Stream<Path> s = Files.walk(DEPLOY)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
          .sorted().toList();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> services(Path compose) throws IOException {
    Map<String, Object> root = (Map<String, Object>) yaml().load(Files.readString(compose));
    return (Map<String, Object>) root.get("services");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> docs(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    yaml().loadAll(Files.readString(file)).forEach(d -> {
      if (d != null) {
        docs.add((Map<String, Object>) d);
      }
    });
    return docs;
  }

  private static String configMapData(Path file, String key) throws IOException {
    for (Map<String, Object> doc : docs(file)) {
      Object value = doc.get("data") instanceof Map<?, ?> data ? data.get(key) : null;
      if (value != null) {
        return value.toString();
      }
    }
    throw new AssertionError(file + " has no ConfigMap with data." + key);
  }

  private static List<String> dataKeys(Path file, String field) throws IOException {
    List<String> keys = new ArrayList<>();
    for (Map<String, Object> doc : docs(file)) {
      if (doc.get(field) instanceof Map<?, ?> data) {
        data.keySet().forEach(k -> keys.add(String.valueOf(k)));
      }
    }
    return keys;
  }

  /** Variables written as {@code ${VAR}} (no default) in the YAML files under {@code dir}. */
  private static Set<String> referencedWithoutDefault(Path dir) throws IOException {
    Set<String> vars = new TreeSet<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Matcher m = ENV_REFERENCE.matcher(Files.readString(p).replaceAll("(?m)#.*$", ""));
        while (m.find()) {
          if (m.group(2) == null) {
            vars.add(m.group(1));
          }
        }
      }
    }
    return vars;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }

  /** Runs a command; its output when it exits 0 within a minute, else an assertion error with the output. */
  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s exit status; output:%n%s", String.join(" ", command), out).isZero();
    return out;
  }
}
