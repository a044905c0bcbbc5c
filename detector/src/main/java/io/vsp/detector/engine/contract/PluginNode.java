package io.vsp.detector.engine.contract;

import java.util.List;
import java.util.Objects;

/**
 * A graph node TensorRT's ONNX parser runs through its plugin registry rather than as an ONNX operator,
 * recognised by NVIDIA's naming ({@code EfficientNMS_TRT}, {@code BatchedNMSDynamic_TRT}, …; the export's
 * domain, often {@code TRT}, does not matter to the parser).
 *
 * @param outputs the node's output tensor names, in the plugin's order
 */
public record PluginNode(String opType, List<String> outputs) {
  public PluginNode {
    Objects.requireNonNull(opType, "opType");
    outputs = List.copyOf(outputs);
  }

  static boolean isPlugin(String opType) {
    return opType.endsWith("_TRT");
  }
}
