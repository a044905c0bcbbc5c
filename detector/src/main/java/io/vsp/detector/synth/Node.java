package io.vsp.detector.synth;

import java.util.List;

/**
 * One operator of the graph ({@code NodeProto}); {@code domain} is empty for the default ONNX domain and
 * names the plugin domain (e.g. {@code TRT}) of a TensorRT plugin node.
 */
record Node(String opType, String name, List<String> inputs, List<String> outputs, List<Attr> attrs,
    String domain) {
  Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attrs = List.copyOf(attrs);
  }

  Node(String opType, String name, List<String> inputs, List<String> outputs, List<Attr> attrs) {
    this(opType, name, inputs, outputs, attrs, "");
  }
}
