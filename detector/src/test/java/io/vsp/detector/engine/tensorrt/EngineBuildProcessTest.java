package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EngineBuildProcessTest {
  @Test
  void theChildIsVspEngineBuildWithTheDetectorsSettings() {
    BuildRequest request = new BuildRequest(Path.of("/var/cache/engines"), 1, 1L << 31, 8, 2);

    assertThat(EngineBuildProcess.command(Path.of("/jdk/bin/java"), "a.jar:b.jar", Path.of("/models/m.onnx"), request))
        .containsExactly("/jdk/bin/java", "-cp", "a.jar:b.jar", "io.vsp.app.Main", "engine", "build",
            "--onnx", "/models/m.onnx", "--engine-cache", "/var/cache/engines", "--device", "1",
            "--workspace-bytes", "2147483648", "--batch", "8", "--slots", "2");
  }
}
