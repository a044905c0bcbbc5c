package io.vsp.detector.engine;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One output tensor of an engine: its shape and its elements, as floats (float32/float16 outputs) or as longs
 * (int64/int32 outputs); exactly one of the two is set. The elements are a read-only view, not a copy: over
 * the engine's own output buffer when it ran into one (valid until its {@link RawOutput} is closed), or over
 * a Java array. Read them with absolute gets ({@code get(i)}, {@code get(i, dst, 0, n)}).
 */
public record OutputTensor(String name, long[] shape, FloatBuffer floats, LongBuffer longs) {

  public OutputTensor {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    if ((floats == null) == (longs == null)) {
      throw new IllegalArgumentException("tensor " + name + ": exactly one of floats and longs must be set");
    }
    long expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    int actual = floats != null ? floats.remaining() : longs.remaining();
    if (expected != actual) {
      throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(shape) + " holds "
          + actual + " elements, expected " + expected);
    }
    floats = floats == null ? null : floats.slice().asReadOnlyBuffer();
    longs = longs == null ? null : longs.slice().asReadOnlyBuffer();
  }

  public static OutputTensor ofFloats(String name, long[] shape, float[] values) {
    return ofFloats(name, shape, FloatBuffer.wrap(values));
  }

  /** A tensor over {@code values}' remaining elements, not copied. */
  public static OutputTensor ofFloats(String name, long[] shape, FloatBuffer values) {
    return new OutputTensor(name, shape, values, null);
  }

  public static OutputTensor ofLongs(String name, long[] shape, long[] values) {
    return ofLongs(name, shape, LongBuffer.wrap(values));
  }

  /** A tensor over {@code values}' remaining elements, not copied. */
  public static OutputTensor ofLongs(String name, long[] shape, LongBuffer values) {
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

  /** The float elements, null for an integer tensor; the view's position is 0 (own position, same memory). */
  @Override
  public FloatBuffer floats() {
    return floats == null ? null : floats.duplicate();
  }

  /** The integer elements, null for a float tensor; the view's position is 0 (own position, same memory). */
  @Override
  public LongBuffer longs() {
    return longs == null ? null : longs.duplicate();
  }

  /** The float elements copied into a new array (tests, tools; decoders read {@link #floats} in place). */
  public float[] floatArray() {
    float[] copy = new float[floats.capacity()];
    floats.get(0, copy);
    return copy;
  }

  /** The integer elements copied into a new array (tests, tools; decoders read {@link #longs} in place). */
  public long[] longArray() {
    long[] copy = new long[longs.capacity()];
    longs.get(0, copy);
    return copy;
  }

  @Override
  public String toString() {
    return name + (floats != null ? " float " : " int ") + Arrays.toString(shape);
  }
}
