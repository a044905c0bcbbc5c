package io.vsp.detector.engine;

/**
 * Runs a YOLO-NAS model on batches of preprocessed images. One detector thread owns an engine; it fills
 * one {@link InputBatch} while the engine infers the other, so preprocessing overlaps inference.
 *
 * <p>Failure contract: {@link #infer} throws {@link EngineException} when the runtime fails (the caller
 * counts the batch as failed and may reopen the engine); passing a batch made by another engine or a
 * {@code used} count outside {@code 1..capacity} is a broken rule ({@link IllegalArgumentException}).
 */
public interface InferenceEngine extends AutoCloseable {
  /** The model's input and output layout. */
  ModelContract contract();

  /** {@code onnxruntime} or {@code tensorrt}, as written in {@code detections} records. */
  String engineName();

  /** A new input buffer for this engine; freed by {@link #close()}. */
  InputBatch newInputBatch();

  /**
   * Runs one batch whose first {@code used} slots hold images; the rest is padding and is zeroed here.
   *
   * @return the output tensors copied out of the engine, safe to decode on another thread
   */
  RawOutput infer(InputBatch batch, int used) throws EngineException;

  /** Frees the session or engine and every buffer this engine made; idempotent. */
  @Override
  void close();
}
