package io.vsp.detector.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.Engines;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.engine.TestOnnx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ONNX Runtime engine on generated models: contract discovery, refusals, the batch rules. */
class OnnxRuntimeEngineTest {
  @TempDir
  Path dir;

  static DetectorConfig config(Path model, int size) {
    return new DetectorConfig(9102, DetectorConfig.Engine.ONNXRUNTIME, model, "coco",
        new DetectorConfig.Input(size, Math.min(size, 636), 114), new DetectorConfig.Batch(8, Duration.ofMillis(10)),
        Duration.ofSeconds(1), 0.25, 0.7, true, DetectorConfig.TensorRt.DEFAULTS, 1, null, 0);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"RAW, FLOAT32", "RAW, UINT8", "FLAT, FLOAT32", "FLAT, UINT8", "BATCH, FLOAT32", "BATCH, UINT8"})
  void contractIsFoundForEveryFormatAndInputType(OutputFormat format, InputType type) throws EngineException {
    Path model = SynthModels.synthetic(format, type, 2, 320);

    try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(model, 1, 1)) {
      ModelContract contract = engine.contract();
      assertThat(contract.format()).isEqualTo(format);
      assertThat(contract.inputType()).isEqualTo(type);
      assertThat(contract.batch()).isEqualTo(2);
      assertThat(contract.width()).isEqualTo(320);
      assertThat(contract.height()).isEqualTo(320);
      assertThat(contract.numClasses()).isEqualTo(format == OutputFormat.RAW ? 80 : 0);
      assertThat(contract.precision()).isEqualTo("fp32");
      assertThat(contract.name()).isEqualTo(model.getFileName().toString().replace(".onnx", ""));
      assertThat(engine.engineName()).isEqualTo("onnxruntime");
    }
  }

  @Test
  void modelOfTheWrongShapeIsRefusedAtStartWithWhatWasFound() throws IOException {
    Path model = new TestOnnx()
        .input("images", TestOnnx.FLOAT, 1, 3, 64, 64)
        .output("out", TestOnnx.FLOAT, 1, 3)
        .node("ReduceMean", new String[] {"images"}, new String[] {"out"}, "axes", new long[] {2, 3}, "keepdims", 0)
        .write(dir.resolve("x.onnx"));

    assertThatThrownBy(() -> Engines.open(config(model, 64))).isInstanceOf(EngineException.class)
        .hasMessage("model " + model + " fits no YOLO-NAS contract: inputs [images float32 [1,3,64,64]], outputs "
            + "[out float32 [1,3]]; expected raw ([B,N,4] float32 + [B,N,C] float32), flat ([K,7] float32) or "
            + "batch ([B,1] int64, [B,K,4], [B,K], [B,K] int64)");
  }

  @Test
  void missingModelIsNamed() {
    Path model = dir.resolve("models/none.onnx");

    assertThatThrownBy(() -> Engines.open(config(model, 640))).hasMessage("model " + model + " not found");
  }

  @Test
  void modelWhoseSizeDisagreesWithInputSizeIsRefused() {
    Path model = SynthModels.synthetic(OutputFormat.RAW, InputType.FLOAT32, 1, 320);

    assertThatThrownBy(() -> Engines.open(config(model, 640)))
        .hasMessage("model " + model + " takes 320x320 images but detector.input.size is 640: set input.size to 320");
  }

  @Test
  void enginesOpensOnnxRuntimeForTheConfiguredModel() throws EngineException {
    Path model = SynthModels.synthetic(OutputFormat.BATCH, InputType.UINT8, 2, 320);

    try (InferenceEngine engine = Engines.open(config(model, 320))) {
      assertThat(engine.engineName()).isEqualTo("onnxruntime");
      assertThat(engine.contract().format()).isEqualTo(OutputFormat.BATCH);
    }
  }

  @Test
  void partialBatchRunsWithItsPaddingAndReportsOnlyTheUsedImages() throws EngineException {
    Path model = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 4, 320);

    try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(model, 1, 1)) {
      InputBatch batch = engine.newInputBatch();
      RawOutput out = engine.infer(batch, 1);

      assertThat(batch.capacity()).isEqualTo(4);
      assertThat(out.used()).isEqualTo(1);
      assertThat(out.tensor(0).shape()).containsExactly(4, 8400 / 4, 4);
    }
  }

  @Test
  void rawOutputsAreWrittenIntoLentSetsThatAreReusedOnceGivenBack() throws EngineException {
    Path model = SynthModels.synthetic(OutputFormat.RAW, InputType.FLOAT32, 2, 320);

    try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(model, 1, 1)) {
      InputBatch batch = engine.newInputBatch();
      RawOutput first = engine.infer(batch, 1);
      float[] firstScores = first.tensor(1).floatArray();
      RawOutput second = engine.infer(batch, 1);
      assertThat(engine.outputSetsMade()).as("two outputs held at once, two sets").isEqualTo(2);
      assertThat(first.tensor(1).floats().isDirect()).as("a view of the runtime's output, not a copy").isTrue();
      assertThat(first.tensor(1).floatArray()).as("the second run left the first one's set alone")
          .containsExactly(firstScores);

      first.close();
      first.close(); // a second close gives nothing back twice
      second.close();
      try (RawOutput third = engine.infer(batch, 1); RawOutput fourth = engine.infer(batch, 1)) {
        assertThat(engine.outputSetsMade()).as("sets given back are reused").isEqualTo(2);
        assertThat(third.tensor(1).floatArray()).containsExactly(firstScores);
        assertThat(fourth.tensor(0).shape()).containsExactly(2, 8400 / 4, 4);
      }
    }
  }

  @Test
  void theFlatTableIsCopiedOutItsRowCountIsTheRuns() throws EngineException {
    Path model = SynthModels.synthetic(OutputFormat.FLAT, InputType.UINT8, 2, 320);

    try (OnnxRuntimeEngine engine = new OnnxRuntimeEngine(model, 1, 1)) {
      try (RawOutput out = engine.infer(engine.newInputBatch(), 1)) {
        assertThat(out.tensor(0).dim(1)).isEqualTo(7);
      }
      assertThat(engine.outputSetsMade()).isZero();
    }
  }

  @Test
  void batchOfAnotherEngineAndUsedCountsOutsideTheBatchAreBrokenRules() throws EngineException {
    Path model = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 2, 320);

    try (OnnxRuntimeEngine one = new OnnxRuntimeEngine(model, 1, 1);
        OnnxRuntimeEngine other = new OnnxRuntimeEngine(model, 1, 1)) {
      InputBatch foreign = other.newInputBatch();
      InputBatch own = one.newInputBatch();

      assertThatThrownBy(() -> one.infer(foreign, 1)).hasMessage("input batch was not made by this engine");
      assertThatThrownBy(() -> one.infer(own, 0)).hasMessage("used 0 is outside 1..2");
      assertThatThrownBy(() -> one.infer(own, 3)).hasMessage("used 3 is outside 1..2");
    }
  }

  @Test
  void closeIsIdempotentAndNoBatchesAreMadeAfterIt() throws EngineException {
    OnnxRuntimeEngine engine = new OnnxRuntimeEngine(SynthModels.synthetic(OutputFormat.FLAT, InputType.UINT8, 1,
        320), 1, 1);
    engine.newInputBatch();

    engine.close();
    engine.close();

    assertThatThrownBy(engine::newInputBatch).hasMessage("engine is closed");
  }
}
