package io.vsp.detector.engine;

import java.nio.ByteBuffer;

/**
 * A batch input buffer owned by the engine that made it: direct, native byte order, laid out
 * {@code [batch,3,H,W]} RGB, float 0..1 or uint8 as {@link ModelContract#inputType()} says. The engine
 * frees its memory on {@link InferenceEngine#close()}; a batch is filled by one thread at a time.
 */
public interface InputBatch {
  /** Number of image slots, the model's batch size. */
  int capacity();

  /**
   * A view of one image's {@code 3*H*W} elements (position 0, limit = its byte size), written by the
   * preprocessor. Valid until the engine is closed.
   */
  ByteBuffer slot(int index);

  /** Zeroes the slots from {@code fromSlot} on, so padding of a partial batch holds no stale image. */
  void clear(int fromSlot);

  /**
   * True when slot {@code index} still holds the letterbox border {@code border} stands for (any value with
   * {@code equals}): the preprocessor wrote it around the slot's previous image and nothing zeroed it since,
   * so it may write only the image. Frames of one camera keep their geometry, and the border is up to half
   * of the slot's bytes.
   */
  default boolean holdsBorder(int index, Object border) {
    return false;
  }

  /** Records that slot {@code index} now holds the border {@code border} stands for. */
  default void borderWritten(int index, Object border) {
  }
}
