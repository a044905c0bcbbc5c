package io.vsp.detector.synth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant tensor (an initializer or a tensor attribute): name, element type, static shape and
 * its little-endian bytes, as ONNX's {@code raw_data} holds them.
 */
record TensorData(String name, ElemType type, long[] dims, byte[] raw) {

  TensorData {
    long count = count(dims);
    if (raw.length != count * type.bytes) {
      throw new IllegalArgumentException("tensor " + name + " of shape " + Arrays.toString(dims) + " needs "
          + count * type.bytes + " bytes of " + type + ", got " + raw.length);
    }
  }

  static TensorData floats(String name, long[] dims, float... values) {
    ByteBuffer b = buffer(values.length * 4L);
    b.asFloatBuffer().put(values);
    return new TensorData(name, ElemType.FLOAT, dims, b.array());
  }

  static TensorData int64s(String name, long[] dims, long... values) {
    ByteBuffer b = buffer(values.length * 8L);
    b.asLongBuffer().put(values);
    return new TensorData(name, ElemType.INT64, dims, b.array());
  }

  static TensorData uint8s(String name, long[] dims, byte... values) {
    return new TensorData(name, ElemType.UINT8, dims, values.clone());
  }

  static long count(long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("constant tensors need static dims, got " + Arrays.toString(dims));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  private static ByteBuffer buffer(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }
}
