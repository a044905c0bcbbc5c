package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.contract.ElementType;

/**
 * TensorRT's {@code nvinfer1::DataType} numbers (stable across releases, checked against the 11.2
 * preset's enum) as the shared {@link ElementType}s; kept off TensorRT's classes so it is testable here.
 */
final class TrtTypes {
  private TrtTypes() {}

  static ElementType elementType(int trtDataType) {
    return switch (trtDataType) {
      case 0 -> ElementType.FLOAT32; // kFLOAT
      case 1 -> ElementType.FLOAT16; // kHALF
      case 2 -> ElementType.INT8; // kINT8
      case 3 -> ElementType.INT32; // kINT32
      case 4 -> ElementType.BOOL; // kBOOL
      case 5 -> ElementType.UINT8; // kUINT8
      case 7 -> ElementType.BFLOAT16; // kBF16
      case 8 -> ElementType.INT64; // kINT64
      default -> ElementType.OTHER; // kFP8, kINT4, kFP4, kE8M0: not YOLO-NAS I/O types
    };
  }
}
