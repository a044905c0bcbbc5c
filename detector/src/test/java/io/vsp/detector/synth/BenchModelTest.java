package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench model has YOLO-NAS S's output shapes and compute, and runs in ONNX Runtime in every format. */
class BenchModelTest {

  @Test
  void computeIsThatOfAYoloNasSClassNetwork() {
    double gflops = ModelSynth.flopsPerImage(SynthSpec.of(ModelKind.BENCH)) / 1e9;

    assertThat(gflops).isBetween(16.0, 17.5);
    System.out.printf("bench model: %.2f GFLOPs per 640x640 image%n", gflops);
  }

  @Test
  void rawOutputsAre8400CandidatesBy80ClassesAndRun() throws Exception {
    SynthSpec spec = SynthSpec.of(ModelKind.BENCH);
    long built = System.nanoTime();
    try (ModelRunner model = new ModelRunner(spec)) {
      long loaded = System.nanoTime();
      Map<String, NodeInfo> outputs = model.session().getOutputInfo();
      assertThat(shape(outputs, RawNames.BOXES)).containsExactly(1, 8400, 4);
      assertThat(shape(outputs, RawNames.SCORES)).containsExactly(1, 8400, 80);

      List<BufferedImage> image = List.of(TestImages.texture(640, 5));
      model.raw(image); // warm-up
      long start = System.nanoTime();
      ModelRunner.Raw raw = model.raw(image);
      long ran = System.nanoTime();

      int passing = 0;
      for (float s : raw.scores()) {
        assertThat(s).isBetween(0f, 1f);
        passing += s >= NmsHead.SCORE ? 1 : 0;
      }
      // some candidates pass the threshold, so NMS has work, but not a flood (see CLASS_BIAS)
      assertThat(passing).isBetween(1, raw.scores().length / 100);
      for (float v : raw.boxes()) {
        assertThat(v).isFinite();
      }
      System.out.printf("bench model: build+load %d ms, batch-1 inference %d ms%n",
          (loaded - built) / 1_000_000, (ran - start) / 1_000_000);
    }
  }

  @Test
  void batchFormatRunsWithFixedShapes() throws Exception {
    SynthSpec spec = SynthSpec.of(ModelKind.BENCH).withFormat(OutputFormat.BATCH).withDtype(InputType.UINT8)
        .withBatch(2);
    try (ModelRunner model = new ModelRunner(spec);
        OrtSession.Result result = model.run(List.of(TestImages.texture(640, 1), TestImages.texture(640, 2)))) {
      assertThat(ModelRunner.tensor(result, NmsHead.NUM).getInfo().getShape()).containsExactly(2, 1);
      assertThat(ModelRunner.tensor(result, NmsHead.BOXES).getInfo().getShape()).containsExactly(2, 100, 4);
      assertThat(ModelRunner.tensor(result, NmsHead.SCORES).getInfo().getShape()).containsExactly(2, 100);
      assertThat(ModelRunner.tensor(result, NmsHead.CLASSES).getInfo().getShape()).containsExactly(2, 100);
      for (long n : ModelRunner.longs(ModelRunner.tensor(result, NmsHead.NUM))) {
        assertThat(n).isBetween(0L, 100L);
      }
    }
  }

  @Test
  void flatFormatRuns() throws Exception {
    SynthSpec spec = SynthSpec.of(ModelKind.BENCH).withFormat(OutputFormat.FLAT);
    try (ModelRunner model = new ModelRunner(spec);
        OrtSession.Result result = model.run(List.of(TestImages.texture(640, 3)))) {
      OnnxTensor flat = ModelRunner.tensor(result, NmsHead.FLAT);
      assertThat(flat.getInfo().getShape()[1]).isEqualTo(7);
    }
  }

  private static long[] shape(Map<String, NodeInfo> outputs, String name) {
    return ((TensorInfo) outputs.get(name).getInfo()).getShape();
  }
}
