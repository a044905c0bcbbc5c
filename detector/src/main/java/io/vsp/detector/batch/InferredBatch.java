package io.vsp.detector.batch;

import io.vsp.detector.engine.RawOutput;

/**
 * A batch back from the engine, waiting to be decoded and published in hand-over order.
 *
 * @param output the engine's outputs, copied out of it; null when nothing was inferred (no frame to infer,
 *     or the batch was formed before a rewind and will be dropped)
 * @param inferMs how long the engine took, 0 when it did not run
 */
public record InferredBatch(Batch batch, RawOutput output, double inferMs) {}
