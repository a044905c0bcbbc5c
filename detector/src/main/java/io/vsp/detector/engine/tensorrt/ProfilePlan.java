package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.contract.ModelLayout;

/**
 * Which optimization profile each execution slot uses. An export with a fixed batch needs no profile:
 * every slot uses the engine's implicit profile 0. An open batch needs a profile, and TensorRT requires
 * contexts in concurrent use to hold different ones, so the plan gets one profile per slot, each
 * pinned to the contract's input shape, and slot {@code i} selects profile {@code i}
 * ({@code setOptimizationProfileAsync} on its own stream). Tensor names are the same in every profile
 * (TensorRT's name-based API); shapes are the contract's. Pure host logic: no TensorRT classes.
 *
 * @param profiles profiles the plan holds: the slot count for an open batch, 0 for a fixed one
 */
public record ProfilePlan(String inputName, long[] inputShape, int slots, int profiles) {

  public ProfilePlan {
    inputShape = inputShape.clone();
    if (slots < 1) {
      throw new IllegalArgumentException("slots must be at least 1 (got " + slots + ")");
    }
    if (profiles != 0 && profiles != slots) {
      throw new IllegalArgumentException("an open batch needs one profile per slot (" + slots + "), got " + profiles);
    }
  }

  /** The plan for {@code slots} execution contexts of the model {@code layout} describes. */
  public static ProfilePlan of(ModelLayout layout, int slots) {
    boolean open = layout.input().dim(0) < 0;
    return new ProfilePlan(layout.input().name(), layout.contract().inputShape(), slots, open ? slots : 0);
  }

  @Override
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** True when slots must select their profile (and set their input shape) before the first batch. */
  public boolean selectsProfiles() {
    return profiles > 0;
  }

  /** The profile slot {@code slot} binds its context to. */
  public int profileOf(int slot) {
    if (slot < 0 || slot >= slots) {
      throw new IllegalArgumentException("slot " + slot + " is outside 0.." + (slots - 1));
    }
    return selectsProfiles() ? slot : 0;
  }

  /** Checks a deserialized engine holds the profiles this plan needs (an older plan may hold fewer). */
  public void verify(int engineProfiles) throws EngineException {
    if (selectsProfiles() && engineProfiles < profiles) {
      throw new EngineException("TensorRT engine has " + engineProfiles + " optimization profile(s) but "
          + slots + " execution slots need one each (detector.inflight): rebuild it with vsp engine build");
    }
  }
}
