package io.vsp.detector.synth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Deterministic pseudo-random weights (SplitMix64), written straight into little-endian tensor bytes
 * so tens of MB take milliseconds; {@code java.util.Random} is avoided so the stream is fixed here,
 * whatever the JDK.
 */
final class SeededWeights {
  private long state;

  SeededWeights(long seed) {
    this.state = seed;
  }

  /** Uniform in [−bound, bound): variance bound²/3. */
  TensorData uniform(String name, long[] dims, float bound) {
    int count = Math.toIntExact(TensorData.count(dims));
    ByteBuffer bytes = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = bytes.asFloatBuffer();
    for (int i = 0; i < count; i++) {
      floats.put((float) ((nextDouble() * 2 - 1) * bound));
    }
    return new TensorData(name, ElemType.FLOAT, dims, bytes.array());
  }

  private double nextDouble() {
    return (next() >>> 11) * 0x1.0p-53;
  }

  private long next() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
