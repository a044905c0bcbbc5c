package io.vsp.detector.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * An {@link InputBatch} over one block of direct memory ({@code capacity} slots of {@code slotBytes}
 * each), which the owning engine allocated: a Java direct buffer for ONNX Runtime, pinned host memory
 * for TensorRT. It remembers which slots were written so padding clears only what is stale, and which
 * letterbox border each slot holds so the next image of the same geometry need not rewrite it.
 */
public final class DirectInputBatch implements InputBatch {
  private static final byte[] ZEROS = new byte[64 * 1024];

  private final ByteBuffer memory;
  private final int capacity;
  private final int slotBytes;
  private final Object owner;
  // Slots written since last cleared; touched by the filling thread, then by the inferring thread
  // after the caller's hand-over (which is the happens-before edge).
  private final boolean[] dirty;
  // The border each slot holds (null: none known), under the same hand-over as dirty.
  private final Object[] borders;

  /**
   * @param memory direct memory of at least {@code capacity*slotBytes} bytes, freed by {@code owner}
   * @param owner the engine that made the batch, so it can refuse batches of another engine
   */
  public DirectInputBatch(ByteBuffer memory, int capacity, long slotBytes, Object owner) {
    this(memory, capacity, slotBytes, owner, new boolean[capacity], new Object[capacity]);
    // Pinned memory from cudaMallocHost is not zeroed: start from a known state.
    java.util.Arrays.fill(dirty, true);
    clear(0);
  }

  private DirectInputBatch(ByteBuffer memory, int capacity, long slotBytes, Object owner, boolean[] dirty,
                           Object[] borders) {
    if (!memory.isDirect()) {
      throw new IllegalArgumentException("input batch memory must be direct");
    }
    if (capacity < 1 || slotBytes < 1 || (long) capacity * slotBytes > memory.capacity()) {
      throw new IllegalArgumentException(capacity + " slots of " + slotBytes + " bytes do not fit "
          + memory.capacity() + " bytes");
    }
    this.memory = memory.duplicate().clear().order(ByteOrder.nativeOrder());
    this.capacity = capacity;
    this.slotBytes = Math.toIntExact(slotBytes);
    this.owner = Objects.requireNonNull(owner, "owner");
    this.dirty = dirty;
    this.borders = borders;
  }

  /**
   * The first {@code slots} slots of this batch as a batch of their own for {@code newOwner} (an export of the
   * same network at a smaller batch): same memory, and the same record of written slots and borders, so
   * either clears what the other left stale.
   */
  public DirectInputBatch view(int slots, Object newOwner) {
    if (slots < 1 || slots > capacity) {
      throw new IllegalArgumentException("a view of " + slots + " slots does not fit " + capacity);
    }
    return new DirectInputBatch(memory.slice(0, slots * slotBytes), slots, slotBytes, newOwner, dirty,
        borders);
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public ByteBuffer slot(int index) {
    Objects.checkIndex(index, capacity);
    dirty[index] = true;
    return memory.slice(index * slotBytes, slotBytes).order(ByteOrder.nativeOrder());
  }

  @Override
  public void clear(int fromSlot) {
    for (int i = Math.max(0, fromSlot); i < capacity; i++) {
      if (dirty[i]) {
        zero(i * slotBytes, slotBytes);
        dirty[i] = false;
        borders[i] = null;
      }
    }
  }

  @Override
  public boolean holdsBorder(int index, Object border) {
    Objects.checkIndex(index, capacity);
    return border != null && border.equals(borders[index]);
  }

  @Override
  public void borderWritten(int index, Object border) {
    Objects.checkIndex(index, capacity);
    borders[index] = border;
  }

  /** The whole block, {@code [capacity,3,H,W]}, for the engine to hand to its runtime. */
  public ByteBuffer memory() {
    return memory.duplicate().order(ByteOrder.nativeOrder());
  }

  /** True when {@code engine} made this batch. */
  public boolean ownedBy(Object engine) {
    return owner == engine;
  }

  private void zero(int offset, int length) {
    for (int done = 0; done < length; done += ZEROS.length) {
      memory.put(offset + done, ZEROS, 0, Math.min(ZEROS.length, length - done));
    }
  }
}
