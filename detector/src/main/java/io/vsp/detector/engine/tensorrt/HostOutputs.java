package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.OutputTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * Copies an output tensor from the pinned host buffer TensorRT's results landed in into Java arrays,
 * widening float16 to float and int32 to long, so decoders see one representation. Pure host logic.
 */
final class HostOutputs {
  private HostOutputs() {}

  static OutputTensor toTensor(BindingPlan.Binding binding, ByteBuffer bytes) {
    ByteBuffer data = bytes.duplicate().order(ByteOrder.nativeOrder());
    data.limit(data.position() + Math.toIntExact(binding.bytes()));
    int count = Math.toIntExact(binding.bytes() / binding.type().bytes());
    return switch (binding.type()) {
      case FLOAT32 -> {
        float[] values = new float[count];
        data.asFloatBuffer().get(values);
        yield OutputTensor.ofFloats(binding.name(), binding.shape(), values);
      }
      case FLOAT16 -> OutputTensor.ofFloats(binding.name(), binding.shape(), halves(data.asShortBuffer(), count));
      case INT64 -> {
        long[] values = new long[count];
        data.asLongBuffer().get(values);
        yield OutputTensor.ofLongs(binding.name(), binding.shape(), values);
      }
      case INT32 -> {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
          values[i] = data.getInt(data.position() + 4 * i);
        }
        yield OutputTensor.ofLongs(binding.name(), binding.shape(), values);
      }
      default -> throw new IllegalStateException("output " + binding.name() + " of type " + binding.type()
          + " passed the binding plan");
    };
  }

  private static float[] halves(ShortBuffer source, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = halfToFloat(source.get(i));
    }
    return values;
  }

  /** IEEE 754 binary16 → binary32, exact (every half is a float); Java 17 has no built-in for it. */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
