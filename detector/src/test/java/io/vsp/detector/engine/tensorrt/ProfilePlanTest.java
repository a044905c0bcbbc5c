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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 12: concurrent execution contexts of an open-batch engine each hold their own optimization profile. */
class ProfilePlanTest {
  private static ModelLayout layout(long batchDim) throws EngineException {
    TensorSpec images = new TensorSpec("images", ElementType.FLOAT32, new long[] {batchDim, 3, 640, 640});
    TensorSpec boxes = new TensorSpec("boxes", ElementType.FLOAT32, new long[] {batchDim, 8400, 4});
    TensorSpec scores = new TensorSpec("scores", ElementType.FLOAT32, new long[] {batchDim, 8400, 80});
    return ContractMatcher.match(Path.of("m.onnx"), List.of(images), List.of(boxes, scores), "fp32", 8);
  }

  @Test
  void openBatchGetsOneProfilePerSlotPinnedToTheContractShape() throws EngineException {
    ProfilePlan plan = ProfilePlan.of(layout(-1), 3);

    assertThat(plan.selectsProfiles()).isTrue();
    assertThat(plan.profiles()).isEqualTo(3);
    assertThat(IntStream.range(0, 3).map(plan::profileOf)).containsExactly(0, 1, 2);
    assertThat(plan.inputName()).isEqualTo("images");
    assertThat(plan.inputShape()).containsExactly(8, 3, 640, 640);
  }

  @Test
  void fixedBatchNeedsNoProfileAndEverySlotUsesTheDefault() throws EngineException {
    ProfilePlan plan = ProfilePlan.of(layout(4), 2);

    assertThat(plan.selectsProfiles()).isFalse();
    assertThat(plan.profiles()).isZero();
    assertThat(IntStream.range(0, 2).map(plan::profileOf)).containsExactly(0, 0);
    assertThat(plan.inputShape()).containsExactly(4, 3, 640, 640);
  }

  @Test
  void theRecipeCarriesTheProfiles() throws EngineException {
    assertThat(BuildRecipe.of(1L << 30, ProfilePlan.of(layout(-1), 2)).describe()).endsWith("profiles=2x[8,3,640,640]");
    assertThat(BuildRecipe.of(1L << 30, ProfilePlan.of(layout(4), 2)).describe()).endsWith("profiles=0x[4,3,640,640]");
  }

  @Test
  void anEngineWithTooFewProfilesIsRefused() throws EngineException {
    ProfilePlan plan = ProfilePlan.of(layout(-1), 2);

    assertThatThrownBy(() -> plan.verify(1)).hasMessage("TensorRT engine has 1 optimization profile(s) but 2"
        + " execution slots need one each (detector.inflight): rebuild it with vsp engine build");
    plan.verify(2);
    ProfilePlan.of(layout(4), 2).verify(1);
  }

  @Test
  void slotsOutsideThePlanAreRefused() throws EngineException {
    ProfilePlan plan = ProfilePlan.of(layout(-1), 2);

    assertThatThrownBy(() -> plan.profileOf(2)).hasMessage("slot 2 is outside 0..1");
  }
}
