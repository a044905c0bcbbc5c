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
   * This engine's input batch over the first {@link ModelContract#batch()} slots of {@code larger}, a batch
   * that an export of the same network at a larger batch made (same input contract): the engines then share
   * one input buffer. The view's memory stays {@code larger}'s engine's; this engine frees only its own handles.
   *
   * @throws IllegalArgumentException when {@code larger} is of another kind of engine or too small, or this
   *     engine cannot share input buffers
   */
  default InputBatch viewOf(InputBatch larger) {
    throw new IllegalArgumentException(engineName() + " cannot run on another export's input buffers");
  }

  /** The batch size {@code used} frames run at: the fixed export's batch (a partial batch is padded). */
  default int runBatch(int used) {
    return contract().batch();
  }

  /**
   * Runs one batch whose first {@code used} slots hold images; the rest is padding and is zeroed here.
   *
   * @return the output tensors, safe to decode on another thread: in an output buffer the engine lends to this
   *     run (never the input batch's), valid until the output is {@link RawOutput#close closed}, which gives it
   *     back; or copies of their own, for which closing does nothing. Close every output once decoded: a buffer
   *     not given back is not reused (the engine then makes a new one for each run).
   */
  RawOutput infer(InputBatch batch, int used) throws EngineException;

  /** Frees the session or engine and every buffer this engine made; idempotent. */
  @Override
  void close();
}
