package io.vsp.detector.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.config.DetectorConfig;
import io.vsp.common.config.DetectorConfig.Export;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.Engines;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.RawOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports of the synthetic model at batch 1 and 4 on ONNX Runtime, sharing one input buffer. */
class ExportsOnnxTest {
  private static final int SIZE = 320;

  @TempDir
  Path dir;

  @Test
  void aBatchOfOneRunsOnTheBatchOneExportAndFindsWhatTheLargerExportFinds() throws EngineException {
    Path b1 = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 1, SIZE);
    Path b4 = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 4, SIZE);

    try (InferenceEngine engine = Engines.open(config(new Export(b4, 0), new Export(b1, 0)))) {
      InputBatch input = engine.newInputBatch();
      paintRedSquare(input.slot(0));
      paintRedSquare(input.slot(1)); // left from an earlier batch: the batch-1 export never reads it

      RawOutput alone = engine.infer(input, 1);
      paintRedSquare(input.slot(1)); // the batch-4 export zeroed the padding from slot 1 on
      RawOutput inFour = engine.infer(input, 2);

      assertThat(engine.contract().batch()).isEqualTo(4);
      assertThat(alone.tensor(1).shape()[0]).as("ran on the batch-1 export").isEqualTo(1);
      assertThat(inFour.tensor(1).shape()[0]).as("ran on the batch-4 export").isEqualTo(4);
      float[] scores = alone.tensor(1).floatArray();
      assertThat(max(scores)).as("the red square is found").isGreaterThan(0.5f);
      assertThat(Arrays.copyOf(inFour.tensor(1).floatArray(), scores.length)).as("image 0 alike on both exports")
          .containsExactly(scores, within(1e-4f));
    }
  }

  @Test
  void theMappingsBatchSizeMustBeTheFiles() {
    Path b1 = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 1, SIZE);
    Path b4 = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 4, SIZE);

    assertThatThrownBy(() -> Engines.open(config(new Export(b1, 2), new Export(b4, 4))))
        .isInstanceOf(EngineException.class)
        .hasMessage("detector.model.2: " + b1 + " was exported at batch 1, not 2");
  }

  @Test
  void exportsOfAnotherNetworkAreRefused() {
    Path raw = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 1, SIZE);
    Path flat = SynthModels.synthetic(OutputFormat.FLAT, InputType.UINT8, 4, SIZE);

    assertThatThrownBy(() -> Engines.open(config(new Export(raw, 0), new Export(flat, 0))))
        .isInstanceOf(EngineException.class)
        .hasMessage("detector.model: " + flat + " (fp32, uint8 320x320 input, flat output) is not an export of the "
            + "same network as " + raw + " (fp32, uint8 320x320 input, raw output, 80 classes)");
  }

  @Test
  void twoExportsOfOneBatchSizeAreRefused() throws IOException {
    Path b2 = SynthModels.synthetic(OutputFormat.RAW, InputType.UINT8, 2, SIZE);
    Path copy = Files.copy(b2, dir.resolve("copy.onnx"));

    assertThatThrownBy(() -> Engines.open(config(new Export(b2, 0), new Export(copy, 0))))
        .isInstanceOf(EngineException.class)
        .hasMessage("detector.model: " + b2 + " and " + copy + " are both exported at batch 2: list each batch size "
            + "once");
  }

  private static DetectorConfig config(Export... exports) {
    return new DetectorConfig(9102, DetectorConfig.Engine.ONNXRUNTIME, List.of(exports), "coco",
        new DetectorConfig.Input(SIZE, SIZE, 114), new DetectorConfig.Batch(8, Duration.ofMillis(10)),
        Duration.ofSeconds(1), 0.25, 0.7, true, DetectorConfig.TensorRt.DEFAULTS, 1, null, 0);
  }

  /** A red square of 64 pixels in the middle of a black uint8 [3,H,W] image. */
  private static void paintRedSquare(ByteBuffer slot) {
    for (int i = 0; i < slot.limit(); i++) {
      slot.put(i, (byte) 0);
    }
    for (int y = SIZE / 2 - 32; y < SIZE / 2 + 32; y++) {
      for (int x = SIZE / 2 - 32; x < SIZE / 2 + 32; x++) {
        slot.put(y * SIZE + x, (byte) 255);
      }
    }
  }

  private static float max(float[] values) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
