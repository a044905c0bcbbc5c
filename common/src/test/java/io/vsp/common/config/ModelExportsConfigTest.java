package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vsp.common.config.DetectorConfig.Export;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detector.model}: one path, a list of exports, or a mapping of batch size to export. */
class ModelExportsConfigTest {
  @TempDir Path tmp;

  @Test
  void aSinglePathIsOneExportWhoseBatchTheFileSays() throws Exception {
    DetectorConfig d = load("detector: {model: models/a.onnx}\n");

    assertThat(d.models()).containsExactly(new Export(Path.of("models/a.onnx"), 0));
    assertThat(d.model()).isEqualTo(Path.of("models/a.onnx"));
  }

  @Test
  void aListGivesSeveralExportsInTheOrderWritten() throws Exception {
    DetectorConfig d = load("detector:\n  model: [models/a-b4.onnx, models/a-b1.onnx]\n");

    assertThat(d.models()).containsExactly(new Export(Path.of("models/a-b4.onnx"), 0),
        new Export(Path.of("models/a-b1.onnx"), 0));
    assertThat(d.model()).isEqualTo(Path.of("models/a-b4.onnx"));
  }

  @Test
  void aMappingDeclaresEachExportsBatchSize() throws Exception {
    DetectorConfig d = load("detector:\n  model: {1: models/a-b1.onnx, 8: models/a-b8.onnx}\n");

    assertThat(d.models()).containsExactly(new Export(Path.of("models/a-b1.onnx"), 1),
        new Export(Path.of("models/a-b8.onnx"), 8));
  }

  @Test
  void badExportsAreNamedByTheirKeyPath() throws IOException {
    Path file = write("""
        detector:
          model:
            one: models/a.onnx
            0: models/b.onnx
            2: [models/c.onnx]
        """);

    assertThat(messages(file)).containsExactly(
        file + ":4: detector.model.one: the key must be the export's batch size, 1..1024 (got \"one\")",
        file + ":5: detector.model.0: the key must be the export's batch size, 1..1024 (got \"0\")",
        file + ":6: detector.model.2: must be text (got a list)");
  }

  @Test
  void theSameFileTwiceIsRefused() throws IOException {
    Path file = write("detector:\n  model: [models/a.onnx, models/b.onnx, models/a.onnx]\n");

    assertThat(messages(file)).singleElement().asString()
        .contains("detector.model: lists a file twice");
  }

  @Test
  void anEmptyEntryIsRefused() throws IOException {
    Path file = write("detector:\n  model: [models/a.onnx, \"\"]\n");

    assertThat(messages(file)).singleElement().asString()
        .contains("detector.model[1]: must be the path of an ONNX file");
  }

  private DetectorConfig load(String yaml) throws Exception {
    return ConfigLoader.load(write("kafka: {bootstrap: localhost:9092}\n" + yaml), Map.of()).detector();
  }

  private Path write(String yaml) throws IOException {
    String text = yaml.startsWith("kafka") ? yaml : "kafka: {bootstrap: localhost:9092}\n" + yaml;
    return Files.writeString(tmp.resolve("vsp.yaml"), text);
  }

  private static List<String> messages(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }
}
