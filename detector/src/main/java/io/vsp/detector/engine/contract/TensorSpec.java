package io.vsp.detector.engine.contract;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Name, element type and shape of one model input or output; a dimension the model leaves open
 * (symbolic in ONNX, data-dependent in TensorRT) is negative and printed as {@code ?}.
 */
public record TensorSpec(String name, ElementType type, long[] shape) {

  public TensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Dimension {@code axis}, negative when open. */
  public long dim(int axis) {
    return shape[axis];
  }

  /** True when every dimension is fixed. */
  public boolean isFixed() {
    return Arrays.stream(shape).allMatch(d -> d >= 0);
  }

  /** Number of elements; only for fixed shapes. */
  public long elements() {
    if (!isFixed()) {
      throw new IllegalStateException(this + " has open dimensions");
    }
    return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
  }

  /** The shape as written in messages, e.g. {@code [1,3,640,640]} or {@code [?,7]}. */
  public String shapeText() {
    return Arrays.stream(shape).mapToObj(d -> d < 0 ? "?" : Long.toString(d))
        .collect(Collectors.joining(",", "[", "]"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorSpec that && name.equals(that.name) && type == that.type
        && Arrays.equals(shape, that.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(shape));
  }

  /** E.g. {@code images float32 [1,3,640,640]}. */
  @Override
  public String toString() {
    return name + " " + type + " " + shapeText();
  }
}
