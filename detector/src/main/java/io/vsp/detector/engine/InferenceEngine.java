package io.vsp.detector.engine;

/**
 * Runs a YOLO-NAS model on batches of preprocessed images. {@link #infer} may be called by several threads at
 * once, one per batch in flight, each with its own {@link InputBatch} (ONNX Runtime runs concurrent calls on
 * one session; TensorRT gives each call its own execution context and stream); the batcher fills another
 * input batch meanwhile, so preprocessing overlaps inference.
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
