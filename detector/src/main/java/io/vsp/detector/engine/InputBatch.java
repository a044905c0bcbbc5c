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
}
