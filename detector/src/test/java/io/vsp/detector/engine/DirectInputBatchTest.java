package io.vsp.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class DirectInputBatchTest {
  private final Object engine = new Object();
  private final ByteBuffer memory = ByteBuffer.allocateDirect(3 * 12);
  private final DirectInputBatch batch = new DirectInputBatch(memory, 3, 12, engine);

  @Test
  void slotsAreNativeOrderViewsOfTheirOwnPartOfTheMemory() {
    ByteBuffer second = batch.slot(1);
    second.asFloatBuffer().put(0, 0.5f);

    assertThat(second.isDirect()).isTrue();
    assertThat(second.order()).isEqualTo(ByteOrder.nativeOrder());
    assertThat(second.remaining()).isEqualTo(12);
    assertThat(batch.memory().order(ByteOrder.nativeOrder()).getFloat(12)).isEqualTo(0.5f);
  }

  @Test
  void clearZeroesWrittenSlotsFromTheGivenOneOn() {
    for (int i = 0; i < 3; i++) {
      ByteBuffer slot = batch.slot(i);
      while (slot.hasRemaining()) {
        slot.put((byte) (i + 1));
      }
    }

    batch.clear(1);

    assertThat(memory.get(0)).isEqualTo((byte) 1);
    assertThat(memory.get(11)).isEqualTo((byte) 1);
    for (int i = 12; i < 36; i++) {
      assertThat(memory.get(i)).as("byte %d", i).isZero();
    }
  }

  @Test
  void newBatchStartsZeroedEvenOverDirtyMemory() {
    ByteBuffer dirty = ByteBuffer.allocateDirect(8);
    dirty.putLong(0, -1L);

    new DirectInputBatch(dirty, 2, 4, engine);

    assertThat(dirty.getLong(0)).isZero();
  }

  @Test
  void knowsTheEngineThatMadeIt() {
    assertThat(batch.ownedBy(engine)).isTrue();
    assertThat(batch.ownedBy(new Object())).isFalse();
  }

  @Test
  void slotsBeyondCapacityAreRefused() {
    assertThatThrownBy(() -> batch.slot(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> new DirectInputBatch(ByteBuffer.allocateDirect(10), 3, 4, engine))
        .hasMessage("3 slots of 4 bytes do not fit 10 bytes");
    assertThatThrownBy(() -> new DirectInputBatch(ByteBuffer.allocate(12), 3, 4, engine))
        .hasMessage("input batch memory must be direct");
  }
}
