package io.vsp.detector.engine.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.vsp.detector.engine.contract.ElementType;
import io.vsp.detector.engine.contract.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * Describes an ONNX Runtime session's inputs and outputs as {@link TensorSpec}s, in the model's
 * declaration order (ONNX Runtime keeps it), for the contract matcher.
 */
final class OrtModelInfo {
  private OrtModelInfo() {}

  static List<TensorSpec> inputs(OrtSession session) throws OrtException {
    return specs(session.getInputInfo());
  }

  static List<TensorSpec> outputs(OrtSession session) throws OrtException {
    return specs(session.getOutputInfo());
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> nodes) {
    return nodes.values().stream().map(OrtModelInfo::spec).toList();
  }

  static TensorSpec spec(NodeInfo node) {
    if (node.getInfo() instanceof TensorInfo tensor) {
      return new TensorSpec(node.getName(), type(tensor.type), tensor.getShape());
    }
    // Sequences and maps fit no contract; describe them as what they are.
    return new TensorSpec(node.getName(), ElementType.OTHER, new long[0]);
  }

  static ElementType type(OnnxJavaType type) {
    return switch (type) {
      case FLOAT -> ElementType.FLOAT32;
      case DOUBLE -> ElementType.FLOAT64;
      case FLOAT16 -> ElementType.FLOAT16;
      case BFLOAT16 -> ElementType.BFLOAT16;
      case UINT8 -> ElementType.UINT8;
      case INT8 -> ElementType.INT8;
      case INT16 -> ElementType.INT16;
      case INT32 -> ElementType.INT32;
      case INT64 -> ElementType.INT64;
      case BOOL -> ElementType.BOOL;
      case STRING -> ElementType.STRING;
      default -> ElementType.OTHER;
    };
  }
}
