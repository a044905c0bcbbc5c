package io.vsp.detector.synth;

/**
 * The ONNX tensor element types the generated models use, with their {@code TensorProto.DataType}
 * codes and sizes.
 */
enum ElemType {
  FLOAT(1, 4),
  UINT8(2, 1),
  INT32(6, 4),
  INT64(7, 8),
  BOOL(9, 1);

  final int code;
  final int bytes;

  ElemType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }
}
