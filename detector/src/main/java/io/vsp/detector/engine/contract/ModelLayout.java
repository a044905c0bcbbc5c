package io.vsp.detector.engine.contract;

import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.RawOutput;
import java.util.List;
import java.util.Objects;

/**
 * A model's contract plus the tensors that carry it: the input, and the outputs in the order the format
 * defines (see {@link RawOutput}), so engines copy outputs out by role without knowing export names.
 */
public record ModelLayout(ModelContract contract, TensorSpec input, List<TensorSpec> outputs) {

  public ModelLayout {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(input, "input");
    outputs = List.copyOf(outputs);
    if (outputs.size() != RawOutput.expectedTensors(contract.format())) {
      throw new IllegalArgumentException(contract.format() + " layout needs "
          + RawOutput.expectedTensors(contract.format()) + " outputs, got " + outputs);
    }
  }
}
