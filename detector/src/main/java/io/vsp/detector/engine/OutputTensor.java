package io.vsp.detector.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One output tensor copied out of an engine: its shape and its elements, as floats (float32/float16
 * outputs) or as longs (int64/int32 outputs); exactly one of the two arrays is set.
 */
public record OutputTensor(String name, long[] shape, float[] floats, long[] longs) {

  public OutputTensor {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    if ((floats == null) == (longs == null)) {
      throw new IllegalArgumentException("tensor " + name + ": exactly one of floats and longs must be set");
    }
    long expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    int actual = floats != null ? floats.length : longs.length;
    if (expected != actual) {
      throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " holds "
          + actual + " elements, expected " + expected);
    }
  }

  public static OutputTensor ofFloats(String name, long[] shape, float[] values) {
    return new OutputTensor(name, shape, values, null);
  }

  public static OutputTensor ofLongs(String name, long[] shape, long[] values) {
    return new OutputTensor(name, shape, null, values);
  }

  /** Size of dimension {@code axis}, negative counting from the end. */
  public int dim(int axis) {
    return Math.toIntExact(shape[axis < 0 ? shape.length + axis : axis]);
  }

  public int rank() {
    return shape.length;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return name + (floats != null ? " float " : " int ") + Arrays.toString(shape);
  }
}
