package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.contract.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class HostOutputsTest {
  private static ByteBuffer buffer(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }

  @Test
  void float32AndInt64AreCopiedAsIs() {
    ByteBuffer floats = buffer(8);
    floats.putFloat(0, 1.5f).putFloat(4, -2f);
    ByteBuffer longs = buffer(16);
    longs.putLong(0, 7).putLong(8, 1L << 40);

    OutputTensor f = HostOutputs.toTensor(new BindingPlan.Binding("s", ElementType.FLOAT32, new long[] {1, 2}, 8),
        floats);
    OutputTensor l = HostOutputs.toTensor(new BindingPlan.Binding("c", ElementType.INT64, new long[] {2}, 16), longs);

    assertThat(f.floatArray()).containsExactly(1.5f, -2f);
    assertThat(f.shape()).containsExactly(1, 2);
    assertThat(l.longArray()).containsExactly(7, 1L << 40);
  }

  @Test
  void float16IsWidenedToFloatAndInt32ToLong() {
    ByteBuffer halves = buffer(8);
    halves.putShort(0, (short) 0x3c00).putShort(2, (short) 0xc000).putShort(4, (short) 0x3555)
        .putShort(6, (short) 0x0001);
    ByteBuffer ints = buffer(8);
    ints.putInt(0, -1).putInt(4, 42);

    OutputTensor h = HostOutputs.toTensor(new BindingPlan.Binding("h", ElementType.FLOAT16, new long[] {4}, 8), halves);
    OutputTensor i = HostOutputs.toTensor(new BindingPlan.Binding("i", ElementType.INT32, new long[] {2}, 8), ints);

    assertThat(h.floatArray()).containsExactly(1f, -2f, 0.33325195f, 0x1p-24f);
    assertThat(i.longArray()).containsExactly(-1, 42);
  }

  @Test
  void halfSpecialValuesSurvive() {
    assertThat(HostOutputs.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HostOutputs.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(HostOutputs.halfToFloat((short) 0x7e00)).isNaN();
    assertThat(HostOutputs.halfToFloat((short) 0x8000)).isEqualTo(-0f);
    assertThat(HostOutputs.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
  }
}
