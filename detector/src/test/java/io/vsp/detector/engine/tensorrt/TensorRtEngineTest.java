package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.Engines;
import io.vsp.detector.engine.TestOnnx;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the TensorRT engine does on a machine without a GPU or TensorRT natives (every build here): it
 * refuses a model that fits no contract before touching the GPU, and otherwise says what it needs.
 */
class TensorRtEngineTest {
  @TempDir
  Path dir;

  private DetectorConfig config(Path model) {
    return new DetectorConfig(9102, DetectorConfig.Engine.TENSORRT, model, "coco",
        new DetectorConfig.Input(320, 316, 114), new DetectorConfig.Batch(8, Duration.ofMillis(10)),
        Duration.ofSeconds(1), 0.25, 0.7, true,
        new DetectorConfig.TensorRt(dir.resolve("engines"), 0, io.vsp.common.config.DataSize.ofMebibytes(256)), 0, null, 0);
  }

  @Test
  void withoutNativesTheEngineSaysWhatItNeeds() throws IOException {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, null, 2, 320), model);

    assertThatThrownBy(() -> Engines.open(config(model))).isInstanceOf(EngineException.class)
        .hasMessageStartingWith("engine tensorrt needs an NVIDIA GPU with CUDA 13 and TensorRT 11 native libraries,"
            + " which this build does not have: build with ./mvnw -Pgpu or run the GPU image, or set"
            + " detector.engine: onnxruntime (");
    assertThatThrownBy(() -> EngineBuild.build(model, null, BuildRequest.of(config(model)), message -> {}))
        .hasMessageStartingWith("engine tensorrt needs an NVIDIA GPU");
  }

  @Test
  void modelThatFitsNoContractIsRefusedBeforeAnyGpuWork() throws IOException {
    Path model = new TestOnnx()
        .input("images", TestOnnx.FLOAT, 1, 3, 320, 320).output("out", TestOnnx.FLOAT, 1, 10)
        .node("Identity", new String[] {"images"}, new String[] {"out"})
        .write(dir.resolve("x.onnx"));

    assertThatThrownBy(() -> TensorRtEngine.open(config(model)))
        .hasMessageStartingWith("model " + model + " fits no YOLO-NAS contract: inputs [images float32 "
            + "[1,3,320,320]], outputs [out float32 [1,10]]; expected raw");
  }

  @Test
  void missingModelIsNamed() {
    Path model = dir.resolve("none.onnx");

    assertThatThrownBy(() -> EngineBuild.build(model, dir.resolve("out.engine"), BuildRequest.of(config(model)), message -> {}))
        .hasMessage("model " + model + " not found");
  }
}
