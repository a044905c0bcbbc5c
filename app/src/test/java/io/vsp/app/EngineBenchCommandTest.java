package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vsp engine bench} and {@code vsp engine build} on a machine without a GPU or TensorRT natives
 * (every build here): they say what is missing and exit 1; usage errors exit 2.
 */
class EngineBenchCommandTest {
  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int vsp(String... args) {
    return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path model() throws IOException {
    Path model = dir.resolve("bench.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, null, 2, 320), model);
    return model;
  }

  @Test
  void withoutAGpuTheBenchSaysWhatIsMissingAndExitsOne() throws IOException {
    int status = vsp("engine", "bench", "--onnx", model().toString(), "--work", dir.resolve("work").toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("vsp engine bench needs an NVIDIA GPU, which this machine cannot use: "
        + "engine tensorrt needs an NVIDIA GPU with CUDA 13 and TensorRT 11 native libraries, which this build does"
        + " not have");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aMissingModelIsAUsageError() {
    int status = vsp("engine", "bench", "--onnx", dir.resolve("none.onnx").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("vsp engine bench: model " + dir.resolve("none.onnx")
        + " not found (--onnx)" + System.lineSeparator());
  }

  @Test
  void theHelpSaysItNeedsAGpuAndIsNeverRunHere() {
    int status = vsp("engine", "bench", "--help");

    assertThat(status).isZero();
    assertThat(out.toString().replaceAll("\\s+", " ")).contains("trtexec-style ceiling")
        .contains("Never run on VSP's own build machines, which have no GPU: there it exits with status 1")
        .contains("Exit status: 0 measured, 1 no GPU/natives or a run failed, 2 usage error.");
  }

  @Test
  void engineBuildWithoutAGpuSaysWhatIsMissingAndExitsOne() throws IOException {
    int status = vsp("engine", "build", "--onnx", model().toString(), "--engine-cache", dir.resolve("e").toString(),
        "--slots", "2");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("vsp engine build: engine tensorrt needs an NVIDIA GPU");
  }

  @Test
  void engineBuildRefusesZeroSlots() throws IOException {
    int status = vsp("engine", "build", "--onnx", model().toString(), "--slots", "0");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).startsWith("vsp engine build: device must be 0 or more, workspace, batch and slots "
        + "more than 0 (got 0, 2147483648, ");
  }
}
