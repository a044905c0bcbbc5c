package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.contract.ElementType;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which device buffer each TensorRT I/O tensor gets and how large it is, checked against the model's
 * contract: the input must be exactly {@code [B,3,H,W]} of the contract's type, every contract output
 * must be there with a fixed shape, nothing else may be bound. Pure host logic: no TensorRT classes.
 *
 * @param outputs in the contract's role order (see {@link io.vsp.detector.engine.RawOutput})
 */
public record BindingPlan(Binding input, List<Binding> outputs) {

  /** One tensor's name, element type, resolved shape and buffer size in bytes. */
  public record Binding(String name, ElementType type, long[] shape, long bytes) {
    public Binding {
      shape = shape.clone();
    }

    @Override
    public long[] shape() {
      return shape.clone();
    }
  }

  public BindingPlan {
    Objects.requireNonNull(input, "input");
    outputs = List.copyOf(outputs);
  }

  /**
   * @param tensors the engine's I/O tensors, shapes as an execution context resolved them
   * @throws EngineException listing every mismatch, naming the model
   */
  public static BindingPlan of(ModelLayout layout, List<EngineTensor> tensors) throws EngineException {
    ModelContract contract = layout.contract();
    Map<String, EngineTensor> byName = new LinkedHashMap<>();
    tensors.forEach(t -> byName.put(t.name(), t));
    List<String> problems = new ArrayList<>();

    Binding input = null;
    EngineTensor in = byName.remove(layout.input().name());
    ElementType inputType = contract.inputType() == InputType.UINT8 ? ElementType.UINT8 : ElementType.FLOAT32;
    TensorSpec wanted = new TensorSpec(layout.input().name(), inputType, contract.inputShape());
    if (in == null || !in.isInput()) {
      problems.add("no input tensor " + layout.input().name());
    } else if (in.spec().type() != inputType || !Arrays.equals(in.spec().shape(), contract.inputShape())) {
      problems.add("input is " + in.spec() + ", the contract needs " + wanted);
    } else {
      input = binding(in.spec());
    }

    List<Binding> outputs = new ArrayList<>();
    for (TensorSpec want : layout.outputs()) {
      EngineTensor got = byName.remove(want.name());
      String problem = outputProblem(want, got);
      if (problem != null) {
        problems.add(problem);
      } else {
        outputs.add(binding(got.spec()));
      }
    }
    byName.values().forEach(t -> problems.add("unexpected " + (t.isInput() ? "input " : "output ") + t.spec()));
    if (!problems.isEmpty()) {
      throw new EngineException("TensorRT engine of model " + contract.name() + " does not match its contract: "
          + String.join("; ", problems));
    }
    return new BindingPlan(input, outputs);
  }

  private static String outputProblem(TensorSpec want, EngineTensor got) {
    if (got == null || got.isInput()) {
      return "no output tensor " + want.name();
    }
    TensorSpec spec = got.spec();
    if (!spec.isFixed()) {
      // The flat NMS table's row count is known only after the run; TensorRT reports it through an
      // IOutputAllocator, an interface the JavaCPP 1.5.14 preset does not let Java implement.
      return "output " + spec + " has a data-dependent shape, which this engine cannot bind: export the model"
          + " with the raw or batch output format for TensorRT";
    }
    boolean typeFits = want.type().isFloat() ? spec.type().isFloat() : spec.type().isInteger();
    boolean shapeFits = spec.rank() == want.rank();
    for (int axis = 0; shapeFits && axis < spec.rank(); axis++) {
      shapeFits = want.dim(axis) < 0 || want.dim(axis) == spec.dim(axis);
    }
    return typeFits && shapeFits ? null : "output is " + spec + ", the model declares " + want;
  }

  private static Binding binding(TensorSpec spec) {
    return new Binding(spec.name(), spec.type(), spec.shape(), spec.elements() * spec.type().bytes());
  }

  /** Device memory this plan binds per execution context: the input plus every output. */
  public long deviceBytes() {
    return input.bytes() + outputs.stream().mapToLong(Binding::bytes).sum();
  }
}
