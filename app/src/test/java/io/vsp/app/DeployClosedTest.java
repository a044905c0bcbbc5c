package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deploy files are closed by default (issue 10): compose publishes every port on 127.0.0.1 only, no
 * password, token or secret has a default anywhere under {@code deploy/}, and Prometheus runs without its
 * lifecycle API. Opening them is a deliberate act described in deploy/README.md.
 */
class DeployClosedTest {
  static final Path DEPLOY = DeployFilesTest.DEPLOY;
  /** Names of variables and keys that hold credentials. */
  static final Pattern CREDENTIAL = Pattern.compile("(?i).*(pass|token|secret|credential|private_?key).*");
  /** {@code ${NAME:-default}} or {@code ${NAME-default}}. */
  static final Pattern WITH_DEFAULT = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)}");

  @Test
  void composePublishesEveryPortOnLoopbackOnly() throws IOException {
    List<String> open = new ArrayList<>();
    for (Path compose : List.of(DEPLOY.resolve("docker-compose.yml"), DEPLOY.resolve("docker-compose.gpu.yml"))) {
      DeployFilesTest.services(compose).forEach((name, service) -> {
        Object ports = ((Map<?, ?>) service).get("ports");
        if (ports instanceof List<?> list) {
          list.stream().map(String::valueOf).filter(p -> !p.startsWith("127.0.0.1:"))
              .forEach(p -> open.add(compose.getFileName() + " " + name + ": " + p));
        }
      });
    }
    assertThat(open).as("ports published beyond 127.0.0.1").isEmpty();
  }

  @Test
  void noCredentialHasADefault() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".yml") && !name.endsWith(".yaml") && !name.equals(".env")) {
          continue;
        }
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String where = DEPLOY.relativize(file) + ":" + (i + 1);
          String line = lines.get(i);
          Matcher m = WITH_DEFAULT.matcher(line);
          while (m.find()) {
            if (CREDENTIAL.matcher(m.group(1)).matches()) {
              found.add(where + ": ${" + m.group(1) + "} has a default");
            }
          }
          credentialValue(line).ifPresent(problem -> found.add(where + ": " + problem));
        }
      }
    }
    assertThat(found).as("credentials with a default").isEmpty();
  }

  /**
   * A line that gives a credential key a literal value ({@code PASS=x}, {@code pass: x},
   * {@code PASSWORD: "x"}); values taken from the environment with no default are fine.
   */
  static Optional<String> credentialValue(String line) {
    String text = line.strip();
    if (text.startsWith("#") || text.startsWith("- ")) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile("^([A-Za-z_][A-Za-z0-9_.-]*)\\s*[:=]\\s*(.*)$").matcher(text);
    if (!m.matches() || !CREDENTIAL.matcher(m.group(1)).matches()) {
      return Optional.empty();
    }
    String value = m.group(2).replaceAll("\\s+#.*$", "").replaceAll("^[\"']|[\"']$", "").strip();
    boolean fromEnvironment = value.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:?\\?[^}]*)?}");
    return value.isEmpty() || fromEnvironment || value.startsWith("{") || value.startsWith("[")
        ? Optional.empty()
        : Optional.of(m.group(1) + " has the literal value " + value);
  }

  @Test
  void theCheckSeesWhatItLooksFor() {
    assertThat(credentialValue("LOBBY_PASS=demo-pass")).isPresent();
    assertThat(credentialValue("    pass: demo-pass")).isPresent();
    assertThat(credentialValue("  VSP_SINK_TOKEN: \"\"")).isEmpty();
    assertThat(credentialValue("VSP_SINK_TOKEN=")).isEmpty();
    assertThat(credentialValue("  GF_SECURITY_ADMIN_PASSWORD: ${GRAFANA_ADMIN_PASSWORD:?set it}")).isEmpty();
    Matcher m = WITH_DEFAULT.matcher("token: \"${VSP_SINK_TOKEN:-}\"");
    assertThat(m.find() && CREDENTIAL.matcher(m.group(1)).matches()).isTrue();
  }

  @Test
  void prometheusRunsWithoutItsLifecycleApi() throws IOException {
    Object command = ((Map<?, ?>) DeployFilesTest.services(DEPLOY.resolve("docker-compose.yml")).get("prometheus"))
        .get("command");
    assertThat(String.valueOf(command)).contains("--config.file").doesNotContain("--web.enable-lifecycle");
  }

  @Test
  void theSinkTokenComesFromTheEnvironmentInComposeAndKubernetes() throws IOException {
    assertThat(Files.readString(DEPLOY.resolve("config/vsp.yaml"))).contains("token: \"${VSP_SINK_TOKEN}\"");
    assertThat(Files.readString(DEPLOY.resolve("k8s/config.yaml"))).contains("token: \"${VSP_SINK_TOKEN}\"");
    Map<?, ?> sink = (Map<?, ?>) DeployFilesTest.services(DEPLOY.resolve("docker-compose.yml")).get("sink");
    assertThat(String.valueOf(((Map<?, ?>) sink.get("environment")).get("VSP_SINK_TOKEN")))
        .startsWith("${VSP_SINK_TOKEN:?");
  }
}
