package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.contract.TensorSpec;
import java.util.Objects;

/**
 * One input or output tensor as a deserialized TensorRT engine (or its execution context) reports it:
 * its spec and whether it is an input. Built from TensorRT's answers, checked without TensorRT.
 */
public record EngineTensor(TensorSpec spec, boolean isInput) {
  public EngineTensor {
    Objects.requireNonNull(spec, "spec");
  }

  public String name() {
    return spec.name();
  }
}
