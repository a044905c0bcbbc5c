package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vsp.app.enginebench.PaletteFrame;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.engine.onnx.OnnxRuntimeEngine;
import io.vsp.detector.engine.tensorrt.GpuProbe;
import io.vsp.detector.engine.tensorrt.TensorRtEngine;
import io.vsp.detector.postprocess.DetectedObject;
import io.vsp.detector.postprocess.OutputDecoder;
import io.vsp.detector.preprocess.Letterbox;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.NmsOp;
import io.vsp.detector.synth.SynthSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorRT engine on a real GPU (issue 12): the engine is built by the {@code vsp engine build} child
 * process, one batch goes through each of the two execution slots and agrees with ONNX Runtime, a restart
 * loads the cached plan without building, and an {@code EfficientNMS_TRT} export runs. Compiled in every
 * build; skipped, saying why, where there is no GPU or no natives (run it with {@code ./mvnw -Pgpu verify
 * -pl app -am -Dtest=NONE -Dit.test=TensorRtSmokeIT} on a GPU host).
 */
class TensorRtSmokeIT {
  private static final int SIZE = 320;
  private static final int BATCH = 2;

  @TempDir
  static Path dir;

  @BeforeAll
  static void needsAGpu() {
    String reason = null;
    try {
      GpuProbe.require(0);
    } catch (EngineException e) {
      reason = e.getMessage();
    }
    assumeTrue(reason == null, "no usable NVIDIA GPU here, TensorRT smoke test skipped: " + reason);
  }

  private static DetectorConfig config(Path model) throws Exception {
    Path file = Files.writeString(dir.resolve(model.getFileName() + ".yaml"), """
        kafka: {bootstrap: "127.0.0.1:9"}
        detector:
          engine: tensorrt
          model: "%s"
          input: {size: %d, resize: %d}
          batch: {max: %d}
          inflight: 2
          tensorrt: {engineCache: "%s"}
        """.formatted(model, SIZE, SIZE - 4, BATCH, dir.resolve("engines")));
    return ConfigLoader.load(file).detector();
  }

  @Test
  void buildsInAChildRunsBothSlotsAgreesWithOnnxRuntimeAndHitsTheCacheOnRestart() throws Exception {
    Path model = dir.resolve("synthetic_raw.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.RAW, null, BATCH, SIZE), model);
    DetectorConfig config = config(model);

    List<List<DetectedObject>> first;
    try (InferenceEngine trt = TensorRtEngine.open(config)) {
      first = detect(trt, 2); // two batches in turn: the slots are handed out in order, so each slot runs one
    }
    List<Path> plans = plans();
    assertThat(plans).hasSize(1);
    FileTime built = Files.getLastModifiedTime(plans.get(0));

    List<List<DetectedObject>> onOrt;
    try (InferenceEngine ort = new OnnxRuntimeEngine(model, 2, BATCH)) {
      onOrt = detect(ort, 1);
    }
    List<List<DetectedObject>> restarted;
    try (InferenceEngine trt = TensorRtEngine.open(config)) {
      restarted = detect(trt, 1);
    }

    assertThat(plans()).containsExactlyElementsOf(plans);
    assertThat(Files.getLastModifiedTime(plans.get(0))).isEqualTo(built);
    assertThat(labels(first)).containsExactly(List.of("dog", "person"), List.of("dog", "person"),
        List.of("dog", "person"), List.of("dog", "person"));
    assertThat(labels(onOrt)).isEqualTo(labels(first.subList(0, BATCH)));
    assertThat(labels(restarted)).isEqualTo(labels(onOrt));
  }

  @Test
  void anEfficientNmsExportRunsAndFindsWhatTheOnnxNmsExportFinds() throws Exception {
    Path plugin = dir.resolve("synthetic_trt_nms.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, null, BATCH, SIZE)
        .withNms(NmsOp.EFFICIENT_NMS_TRT), plugin);
    Path onnxNms = dir.resolve("synthetic_batch.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, null, BATCH, SIZE), onnxNms);

    List<List<DetectedObject>> withPlugin;
    try (InferenceEngine trt = TensorRtEngine.open(config(plugin))) {
      assertThat(trt.contract().format()).isEqualTo(OutputFormat.BATCH);
      withPlugin = detect(trt, 1);
    }
    List<List<DetectedObject>> withOnnxNms;
    try (InferenceEngine ort = new OnnxRuntimeEngine(onnxNms, 2, BATCH)) {
      withOnnxNms = detect(ort, 1);
    }

    assertThat(labels(withPlugin)).isEqualTo(labels(withOnnxNms))
        .containsExactly(List.of("dog", "person"), List.of("dog", "person"));
  }

  /** Runs {@code batches} full batches of the test frame; the objects of every image, in order. */
  private static List<List<DetectedObject>> detect(InferenceEngine engine, int batches) throws Exception {
    byte[] jpeg = PaletteFrame.jpeg(640, 360);
    OutputDecoder decoder = new OutputDecoder(engine.contract(), Labels.coco(), 0.25, 0.7, 300);
    List<List<DetectedObject>> all = new ArrayList<>();
    try (Preprocessor pre = new Preprocessor(engine.contract(), SIZE - 4, 114)) {
      for (int b = 0; b < batches; b++) {
        InputBatch input = engine.newInputBatch();
        List<Letterbox> boxes = new ArrayList<>();
        for (int slot = 0; slot < input.capacity(); slot++) {
          boxes.add(pre.prepare(jpeg, input.slot(slot)));
        }
        try (RawOutput out = engine.infer(input, input.capacity())) {
          all.addAll(decoder.decode(out, boxes));
        }
      }
    }
    return all;
  }

  private static List<List<String>> labels(List<List<DetectedObject>> images) {
    return images.stream().map(objects -> objects.stream().map(DetectedObject::label).sorted().toList()).toList();
  }

  private static List<Path> plans() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("engines"))) {
      return files.filter(f -> f.toString().endsWith(".engine")).sorted().toList();
    }
  }
}
