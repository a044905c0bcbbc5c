package io.vsp.detector.engine;

/**
 * Element type of the model input: float32 RGB scaled to 0..1, or uint8 RGB when the export baked the
 * cast and {@code /255} into the graph (super-gradients' default {@code preprocessing=True}).
 */
public enum InputType {
  FLOAT32("float32", 4),
  UINT8("uint8", 1);

  private final String label;
  private final int bytes;

  InputType(String label, int bytes) {
    this.label = label;
    this.bytes = bytes;
  }

  /** Bytes of one element. */
  public int bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return label;
  }
}
