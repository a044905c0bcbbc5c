package io.vsp.detector.engine.contract;

/**
 * Tensor element types as ONNX numbers them ({@code TensorProto.DataType}), so ONNX Runtime's,
 * TensorRT's and the ONNX file's own type codes meet in one vocabulary.
 */
public enum ElementType {
  FLOAT32(1, "float32", 4),
  UINT8(2, "uint8", 1),
  INT8(3, "int8", 1),
  UINT16(4, "uint16", 2),
  INT16(5, "int16", 2),
  INT32(6, "int32", 4),
  INT64(7, "int64", 8),
  STRING(8, "string", 0),
  BOOL(9, "bool", 1),
  FLOAT16(10, "float16", 2),
  FLOAT64(11, "float64", 8),
  UINT32(12, "uint32", 4),
  UINT64(13, "uint64", 8),
  BFLOAT16(16, "bfloat16", 2),
  OTHER(0, "other", 0);

  private final int onnxCode;
  private final String label;
  private final int bytes;

  ElementType(int onnxCode, String label, int bytes) {
    this.onnxCode = onnxCode;
    this.label = label;
    this.bytes = bytes;
  }

  /** The type with ONNX's {@code TensorProto.DataType} number {@code code}, {@link #OTHER} if unknown here. */
  public static ElementType fromOnnx(int code) {
    for (ElementType type : values()) {
      if (type.onnxCode == code && type != OTHER) {
        return type;
      }
    }
    return OTHER;
  }

  /** Bytes per element; 0 where it has no fixed size. */
  public int bytes() {
    return bytes;
  }

  /** float32 or float16: what decoders read as floats. */
  public boolean isFloat() {
    return this == FLOAT32 || this == FLOAT16;
  }

  /** int64 or int32: what decoders read as counts and class ids. */
  public boolean isInteger() {
    return this == INT64 || this == INT32;
  }

  @Override
  public String toString() {
    return label;
  }
}
