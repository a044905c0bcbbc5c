package io.vsp.detector.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.onnx.OnnxRuntimeEngine;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.NmsOp;
import io.vsp.detector.synth.SynthSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: exports ending in TensorRT's EfficientNMS_TRT plugin are read as the batch format, or refused. */
class PluginExportsTest {
  private static final Path MODEL = Path.of("models/yolo_nas_s_trt.onnx");
  private static final TensorSpec IMAGES = spec("input", ElementType.UINT8, 2, 3, 640, 640);
  private static final TensorSpec NUM = spec("num_detections", ElementType.INT32, 2, 1);
  private static final TensorSpec BOXES = spec("detection_boxes", ElementType.FLOAT32, 2, 100, 4);
  private static final TensorSpec SCORES = spec("detection_scores", ElementType.FLOAT32, 2, 100);
  private static final TensorSpec CLASSES = spec("detection_classes", ElementType.INT32, 2, 100);
  private static final PluginNode NMS = new PluginNode("EfficientNMS_TRT",
      List.of("num_detections", "detection_boxes", "detection_scores", "detection_classes"));

  @TempDir
  Path dir;

  private static TensorSpec spec(String name, ElementType type, long... shape) {
    return new TensorSpec(name, type, shape);
  }

  private static ModelLayout matched(List<TensorSpec> outputs) throws EngineException {
    return ContractMatcher.match(MODEL, List.of(IMAGES), outputs, "int8", 2);
  }

  @Test
  void efficientNmsOutputsAreTheBatchFormatInThePluginsOrder() throws EngineException {
    // Graph outputs listed in another order than the plugin's: the plugin's order decides the roles.
    ModelLayout layout = PluginExports.forTensorRt(MODEL, matched(List.of(CLASSES, BOXES, SCORES, NUM)), List.of(NMS));

    assertThat(layout.contract().format()).isEqualTo(OutputFormat.BATCH);
    assertThat(layout.contract().batch()).isEqualTo(2);
    assertThat(layout.outputs()).containsExactly(NUM, BOXES, SCORES, CLASSES);
  }

  @Test
  void aModelWithoutPluginsIsLeftAsMatched() throws EngineException {
    ModelLayout layout = matched(List.of(NUM, BOXES, SCORES, CLASSES));

    assertThat(PluginExports.forTensorRt(MODEL, layout, List.of())).isSameAs(layout);
  }

  @Test
  void efficientNmsWhoseOutputsAreNotTheGraphsIsRefused() throws EngineException {
    // The graph post-processes the plugin's outputs into a flat table: VSP would read the wrong tensors.
    ModelLayout flat = matched(List.of(spec("flat", ElementType.FLOAT32, -1, 7)));

    assertThatThrownBy(() -> PluginExports.forTensorRt(MODEL, flat, List.of(NMS)))
        .hasMessage("model models/yolo_nas_s_trt.onnx ends in EfficientNMS_TRT but its outputs [flat float32 [?,7]]"
            + " are not the plugin's [num_detections, detection_boxes, detection_scores, detection_classes]"
            + " (num_detections [B,1], detection_boxes [B,K,4], detection_scores [B,K], detection_classes [B,K]),"
            + " which VSP reads as the batch format: export with the plugin's outputs as the graph outputs");
  }

  @Test
  void efficientNmsOutputsInUnexpectedRolesAreRefused() throws EngineException {
    // Same four graph outputs, but the plugin node lists them in roles whose shapes do not fit.
    PluginNode shuffled = new PluginNode("EfficientNMS_TRT",
        List.of("detection_boxes", "num_detections", "detection_scores", "detection_classes"));

    assertThatThrownBy(() -> PluginExports.forTensorRt(MODEL, matched(List.of(NUM, BOXES, SCORES, CLASSES)),
        List.of(shuffled))).hasMessageContaining("ends in EfficientNMS_TRT but its outputs");
  }

  @Test
  void otherPluginsAreRefusedByName() throws EngineException {
    PluginNode batched = new PluginNode("BatchedNMSDynamic_TRT", NMS.outputs());

    assertThatThrownBy(() -> PluginExports.forTensorRt(MODEL, matched(List.of(NUM, BOXES, SCORES, CLASSES)),
        List.of(batched))).hasMessage("model models/yolo_nas_s_trt.onnx uses TensorRT plugin(s)"
            + " [BatchedNMSDynamic_TRT] that VSP cannot read the outputs of; supported: EfficientNMS_TRT with its"
            + " outputs as the graph's (num_detections [B,1], detection_boxes [B,K,4], detection_scores [B,K],"
            + " detection_classes [B,K])");
  }

  @Test
  void theSynthesizedPluginExportIsScannedAndMatched() throws IOException, EngineException {
    Path model = dir.resolve("synthetic_trt.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, null, 2, 320)
        .withNms(NmsOp.EFFICIENT_NMS_TRT), model);
    OnnxModelScan scan = OnnxModelScan.read(model);

    assertThat(scan.opTypes()).contains("TRT:EfficientNMS_TRT").doesNotContain("NonMaxSuppression");
    assertThat(scan.plugins()).containsExactly(NMS);
    ModelLayout layout = PluginExports.forTensorRt(model,
        ContractMatcher.match(model, scan.inputs(), scan.outputs(), scan.precision(), 1), scan.plugins());
    assertThat(layout.outputs()).extracting(TensorSpec::toString).containsExactly(
        "num_detections int32 [2,1]", "detection_boxes float32 [2,100,4]", "detection_scores float32 [2,100]",
        "detection_classes int32 [2,100]");
  }

  @Test
  void onnxRuntimeRefusesAPluginExportSayingWhatToDo() throws IOException {
    Path model = dir.resolve("synthetic_trt.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, null, 1, 320)
        .withNms(NmsOp.EFFICIENT_NMS_TRT), model);

    assertThatThrownBy(() -> new OnnxRuntimeEngine(model)).isInstanceOf(EngineException.class)
        .hasMessage("model " + model + " contains TensorRT plugin(s) [EfficientNMS_TRT], which only the TensorRT"
            + " engine runs: set detector.engine: tensorrt, or export the model with ONNX NonMaxSuppression (the"
            + " super-gradients ONNX Runtime export)");
  }

  @Test
  void thePluginVariantIsForTheBatchFormatOnly() {
    assertThatThrownBy(() -> new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.FLAT, null, 1, 320)
        .withNms(NmsOp.EFFICIENT_NMS_TRT))
        .hasMessage("the EfficientNMS_TRT plugin gives the batch format only, not flat");
  }
}
