package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example configuration shipped in {@code config/} is valid and lists its camera, masked. */
class ConfigExampleTest {
  @Test
  void exampleConfigPassesConfigCheck() {
    Path example = Path.of("..", "config", "vsp.example.yaml");
    assertThat(Files.exists(example)).as("%s exists", example.toAbsolutePath()).isTrue();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), "config", "check", "--config", example.toString());
    assertThat(err.toString()).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString()).contains("lobby").contains("rtsp://192.0.2.10:554/stream1");
  }
}
