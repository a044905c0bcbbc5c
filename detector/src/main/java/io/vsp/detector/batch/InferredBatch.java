package io.vsp.detector.batch;

import io.vsp.detector.engine.RawOutput;

/**
 * A batch back from the engine, waiting to be decoded and published in hand-over order.
 *
 * @param output the engine's outputs, possibly in an output buffer the engine lent: {@link #release} once
 *     decoded (or when dropped undecoded); null when nothing was inferred (no frame to infer, or the batch
 *     was formed before a rewind and will be dropped)
 * @param inferMs how long the engine took, 0 when it did not run
 */
public record InferredBatch(Batch batch, RawOutput output, double inferMs) {
  /** Gives the engine's output buffer back for another run; safe to call more than once. */
  public void release() {
    if (output != null) {
      output.close();
    }
  }
}
