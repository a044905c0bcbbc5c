package io.vsp.detector.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractMatcherTest {
  private static final Path MODEL = Path.of("models/x.onnx");
  private static final TensorSpec IMAGES = spec("images", ElementType.FLOAT32, 1, 3, 640, 640);

  private static TensorSpec spec(String name, ElementType type, long... shape) {
    return new TensorSpec(name, type, shape);
  }

  @Test
  void rawOutputsAreBoxesAndScoresWhateverTheirNamesAndOrder() throws EngineException {
    TensorSpec scores = spec("913", ElementType.FLOAT32, 1, 8400, 80);
    TensorSpec boxes = spec("900", ElementType.FLOAT32, 1, 8400, 4);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(IMAGES), List.of(scores, boxes), "fp32", 8);

    assertThat(layout.contract().format()).isEqualTo(OutputFormat.RAW);
    assertThat(layout.contract().numClasses()).isEqualTo(80);
    assertThat(layout.contract().batch()).isEqualTo(1);
    assertThat(layout.contract().name()).isEqualTo("x");
    assertThat(layout.contract().inputType()).isEqualTo(InputType.FLOAT32);
    assertThat(layout.outputs()).containsExactly(boxes, scores);
  }

  @Test
  void fourClassRawModelTakesTheFirstOutputAsBoxes() throws EngineException {
    TensorSpec first = spec("a", ElementType.FLOAT32, 1, 100, 4);
    TensorSpec second = spec("b", ElementType.FLOAT32, 1, 100, 4);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(IMAGES), List.of(first, second), "fp32", 1);

    assertThat(layout.outputs()).containsExactly(first, second);
    assertThat(layout.contract().numClasses()).isEqualTo(4);
  }

  @Test
  void flatOutputIsOneKBySevenTable() throws EngineException {
    TensorSpec table = spec("graph2_flat_predictions", ElementType.FLOAT32, -1, 7);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(IMAGES), List.of(table), "int8", 1);

    assertThat(layout.contract().format()).isEqualTo(OutputFormat.FLAT);
    assertThat(layout.contract().numClasses()).isZero();
    assertThat(layout.contract().precision()).isEqualTo("int8");
  }

  @Test
  void batchOutputsAreOrderedCountsBoxesScoresClasses() throws EngineException {
    TensorSpec images = spec("input", ElementType.UINT8, 4, 3, 320, 320);
    TensorSpec counts = spec("graph2_num_predictions", ElementType.INT64, 4, 1);
    TensorSpec boxes = spec("graph2_pred_boxes", ElementType.FLOAT32, 4, 300, 4);
    TensorSpec scores = spec("graph2_pred_scores", ElementType.FLOAT32, 4, 300);
    TensorSpec classes = spec("graph2_pred_classes", ElementType.INT64, 4, 300);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(images), List.of(classes, scores, boxes, counts),
        "fp16", 1);

    assertThat(layout.contract().format()).isEqualTo(OutputFormat.BATCH);
    assertThat(layout.contract().inputType()).isEqualTo(InputType.UINT8);
    assertThat(layout.contract().batch()).isEqualTo(4);
    assertThat(layout.contract().height()).isEqualTo(320);
    assertThat(layout.outputs()).containsExactly(counts, boxes, scores, classes);
  }

  @Test
  void batchFormatWithOneRowPerImageTellsCountsFromClassesByOrder() throws EngineException {
    TensorSpec counts = spec("n", ElementType.INT64, 1, 1);
    TensorSpec boxes = spec("b", ElementType.FLOAT32, 1, 1, 4);
    TensorSpec scores = spec("s", ElementType.FLOAT32, 1, 1);
    TensorSpec classes = spec("c", ElementType.INT64, 1, 1);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(IMAGES), List.of(counts, boxes, scores, classes),
        "fp32", 1);

    assertThat(layout.outputs()).containsExactly(counts, boxes, scores, classes);
  }

  @Test
  void openBatchDimensionTakesTheConfiguredBatch() throws EngineException {
    TensorSpec images = spec("images", ElementType.FLOAT32, -1, 3, 640, 640);
    TensorSpec boxes = spec("boxes", ElementType.FLOAT32, -1, 8400, 4);
    TensorSpec scores = spec("scores", ElementType.FLOAT32, -1, 8400, 80);
    ModelLayout layout = ContractMatcher.match(MODEL, List.of(images), List.of(boxes, scores), "fp32", 8);

    assertThat(layout.contract().batch()).isEqualTo(8);
    assertThat(layout.contract().inputShape()).containsExactly(8, 3, 640, 640);
  }

  @Test
  void modelWithWrongOutputsIsRefusedWithWhatWasFoundAndWhatIsAccepted() {
    TensorSpec out = spec("out", ElementType.FLOAT32, 1, 10);

    assertThatThrownBy(() -> ContractMatcher.match(MODEL, List.of(IMAGES), List.of(out), "fp32", 1))
        .isInstanceOf(EngineException.class)
        .hasMessage("model models/x.onnx fits no YOLO-NAS contract: inputs [images float32 [1,3,640,640]], "
            + "outputs [out float32 [1,10]]; expected raw ([B,N,4] float32 + [B,N,C] float32), flat ([K,7] "
            + "float32) or batch ([B,1] int64, [B,K,4], [B,K], [B,K] int64)");
  }

  @Test
  void modelWithWrongInputIsRefusedNamingTheInputRule() {
    TensorSpec gray = spec("images", ElementType.FLOAT32, 1, 1, 640, 640);
    TensorSpec table = spec("t", ElementType.FLOAT32, -1, 7);

    assertThatThrownBy(() -> ContractMatcher.match(MODEL, List.of(gray), List.of(table), "fp32", 1))
        .hasMessage("model models/x.onnx fits no YOLO-NAS contract: inputs [images float32 [1,1,640,640]], "
            + "outputs [t float32 [?,7]]; expected one input [B,3,H,W] float32 or uint8 (H and W fixed) and "
            + "outputs raw ([B,N,4] float32 + [B,N,C] float32), flat ([K,7] float32) or batch ([B,1] int64, "
            + "[B,K,4], [B,K], [B,K] int64)");
  }

  @Test
  void outputsWhoseBatchDisagreesWithTheInputFitNoContract() {
    TensorSpec boxes = spec("boxes", ElementType.FLOAT32, 2, 8400, 4);
    TensorSpec scores = spec("scores", ElementType.FLOAT32, 2, 8400, 80);

    assertThatThrownBy(() -> ContractMatcher.match(MODEL, List.of(IMAGES), List.of(boxes, scores), "fp32", 1))
        .isInstanceOf(EngineException.class).hasMessageContaining("fits no YOLO-NAS contract");
  }

  @Test
  void floatInputsOtherThanFloat32AreRefused() {
    TensorSpec half = spec("images", ElementType.FLOAT16, 1, 3, 640, 640);
    TensorSpec table = spec("t", ElementType.FLOAT16, -1, 7);

    assertThatThrownBy(() -> ContractMatcher.match(MODEL, List.of(half), List.of(table), "fp16", 1))
        .hasMessageContaining("inputs [images float16 [1,3,640,640]]")
        .hasMessageContaining("expected one input [B,3,H,W] float32 or uint8");
  }

  @Test
  void modelNameIsTheFileNameWithoutExtension() {
    assertThat(ContractMatcher.modelName(Path.of("models/yolo_nas_s.onnx"))).isEqualTo("yolo_nas_s");
    assertThat(ContractMatcher.modelName(Path.of("a/b/model.ONNX"))).isEqualTo("model");
    assertThat(ContractMatcher.modelName(Path.of("plain"))).isEqualTo("plain");
  }
}
