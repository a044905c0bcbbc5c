package io.vsp.detector.synth;

/** Element type of the model's {@code images} input. */
public enum InputType {
  /** RGB scaled to 0..1. */
  FLOAT32,
  /** RGB 0..255; the graph casts and divides by 255, as super-gradients' {@code preprocessing=True}. */
  UINT8
}
