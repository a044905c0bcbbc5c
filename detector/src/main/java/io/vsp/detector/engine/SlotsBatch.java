package io.vsp.detector.engine;

import java.nio.ByteBuffer;

/**
 * An engine's input batch that keeps its slots in a {@link DirectInputBatch} next to the engine's own
 * handle on the memory (an ONNX Runtime tensor, pinned CUDA memory): the slot methods delegate.
 */
public interface SlotsBatch extends InputBatch {
  DirectInputBatch slots();

  @Override
  default int capacity() {
    return slots().capacity();
  }

  @Override
  default ByteBuffer slot(int index) {
    return slots().slot(index);
  }

  @Override
  default void clear(int fromSlot) {
    slots().clear(fromSlot);
  }

  @Override
  default boolean holdsBorder(int index, Object border) {
    return slots().holdsBorder(index, border);
  }

  @Override
  default void borderWritten(int index, Object border) {
    slots().borderWritten(index, border);
  }
}
