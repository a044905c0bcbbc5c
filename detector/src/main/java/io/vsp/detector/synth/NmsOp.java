package io.vsp.detector.synth;

/** Which operator does the NMS of a generated {@code flat}/{@code batch} model. */
public enum NmsOp {
  /** The standard ONNX {@code NonMaxSuppression}: runs in ONNX Runtime and TensorRT. */
  ONNX,
  /**
   * TensorRT's {@code EfficientNMS_TRT} plugin (domain {@code TRT}), as super-gradients' TensorRT export
   * writes it; {@code batch} format only, and only TensorRT runs it.
   */
  EFFICIENT_NMS_TRT
}
