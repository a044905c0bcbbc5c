package io.vsp.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fleet benchmark measures an ingest worker as deployed only while its JVM options and environment are
 * those of the launcher and the deploy files: a change to one of them must reach the others.
 */
class DeployedIngestJvmTest {
  private static final Path ROOT = Path.of("..");
  private static final String OPTIONS = String.join(" ", FleetOptions.INGEST_JVM);
  private static final String OPTIONS_PATTERN = Pattern.quote(OPTIONS);

  @Test
  void binVspStartsIngestWithTheBenchmarkedOptions() throws IOException {
    String launcher = Files.readString(ROOT.resolve("bin/vsp"));

    assertThat(launcher).contains("${VSP_JAVA_OPTS-" + OPTIONS + "}");
    FleetOptions.INGEST_ENV.forEach((name, value) ->
        assertThat(launcher).contains("export " + name + "=\"${" + name + ":-" + value + "}\""));
  }

  @Test
  void kubernetesAndComposeStartIngestWithTheBenchmarkedOptions() throws IOException {
    String k8s = Files.readString(ROOT.resolve("deploy/k8s/ingest.yaml"));
    String compose = Files.readString(ROOT.resolve("deploy/docker-compose.yml"));

    assertThat(k8s).containsPattern("name: JAVA_TOOL_OPTIONS\\s+value: \"[^\"]*" + OPTIONS_PATTERN + "\"");
    assertThat(compose).containsPattern("JAVA_TOOL_OPTIONS: \"[^\"]*" + OPTIONS_PATTERN + "\"");
    FleetOptions.INGEST_ENV.forEach((name, value) -> {
      assertThat(k8s).containsPattern("name: " + name + "\\s+value: \"" + value + "\"");
      assertThat(compose).contains(name + ": \"" + value + "\"");
    });
  }
}
