package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.contract.ContractMatcher;
import io.vsp.detector.engine.contract.ElementType;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.TensorSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingPlanTest {
  private static TensorSpec spec(String name, ElementType type, long... shape) {
    return new TensorSpec(name, type, shape);
  }

  private static EngineTensor in(TensorSpec spec) {
    return new EngineTensor(spec, true);
  }

  private static EngineTensor out(TensorSpec spec) {
    return new EngineTensor(spec, false);
  }

  private static final TensorSpec IMAGES = spec("images", ElementType.UINT8, 8, 3, 640, 640);
  private static final TensorSpec BOXES = spec("boxes", ElementType.FLOAT32, 8, 8400, 4);
  private static final TensorSpec SCORES = spec("scores", ElementType.FLOAT32, 8, 8400, 80);

  private static ModelLayout raw() throws EngineException {
    return ContractMatcher.match(Path.of("m.onnx"), List.of(IMAGES), List.of(SCORES, BOXES), "int8", 1);
  }

  @Test
  void bindsTheInputAndOutputsInRoleOrderWithTheirByteSizes() throws EngineException {
    BindingPlan plan = BindingPlan.of(raw(), List.of(in(IMAGES), out(SCORES), out(BOXES)));

    assertThat(plan.input().name()).isEqualTo("images");
    assertThat(plan.input().bytes()).isEqualTo(8L * 3 * 640 * 640);
    assertThat(plan.outputs()).extracting(BindingPlan.Binding::name).containsExactly("boxes", "scores");
    assertThat(plan.outputs()).extracting(BindingPlan.Binding::bytes)
        .containsExactly(8L * 8400 * 4 * 4, 8L * 8400 * 80 * 4);
    assertThat(plan.deviceBytes()).isEqualTo(8L * 3 * 640 * 640 + 8L * 8400 * 84 * 4);
  }

  @Test
  void float16OutputsBindAtTwoBytesPerElement() throws EngineException {
    TensorSpec halfScores = spec("scores", ElementType.FLOAT16, 8, 8400, 80);

    BindingPlan plan = BindingPlan.of(raw(), List.of(in(IMAGES), out(BOXES), out(halfScores)));

    assertThat(plan.outputs().get(1).bytes()).isEqualTo(8L * 8400 * 80 * 2);
  }

  @Test
  void openBatchResolvedByTheContextMustEqualTheContractsBatch() throws EngineException {
    TensorSpec open = spec("images", ElementType.FLOAT32, -1, 3, 640, 640);
    ModelLayout layout = ContractMatcher.match(Path.of("m.onnx"), List.of(open),
        List.of(spec("t", ElementType.FLOAT32, -1, 7)), "fp32", 4);
    // The context resolved the input but the flat table's rows stay data-dependent.
    List<EngineTensor> tensors = List.of(in(spec("images", ElementType.FLOAT32, 4, 3, 640, 640)),
        out(spec("t", ElementType.FLOAT32, -1, 7)));

    assertThatThrownBy(() -> BindingPlan.of(layout, tensors)).isInstanceOf(EngineException.class)
        .hasMessage("TensorRT engine of model m does not match its contract: output t float32 [?,7] has a "
            + "data-dependent shape, which this engine cannot bind: export the model with the raw or batch "
            + "output format for TensorRT");
  }

  @Test
  void everyMismatchIsListed() {
    List<EngineTensor> tensors = List.of(
        in(spec("images", ElementType.FLOAT32, 8, 3, 640, 640)),
        out(spec("boxes", ElementType.INT32, 8, 8400, 4)),
        out(spec("extra", ElementType.FLOAT32, 1)));

    assertThatThrownBy(() -> BindingPlan.of(raw(), tensors))
        .hasMessage("TensorRT engine of model m does not match its contract: input is images float32 "
            + "[8,3,640,640], the contract needs images uint8 [8,3,640,640]; output is boxes int32 [8,8400,4], "
            + "the model declares boxes float32 [8,8400,4]; no output tensor scores; unexpected output extra "
            + "float32 [1]");
  }

  @Test
  void wrongBatchFromTheEngineIsRefused() {
    List<EngineTensor> tensors = List.of(in(spec("images", ElementType.UINT8, 1, 3, 640, 640)), out(BOXES),
        out(SCORES));

    assertThatThrownBy(() -> BindingPlan.of(raw(), tensors)).hasMessageContaining(
        "input is images uint8 [1,3,640,640], the contract needs images uint8 [8,3,640,640]");
  }
}
