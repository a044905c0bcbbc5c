package io.vsp.detector.synth;

import java.util.List;

/** One operator of the graph ({@code NodeProto}), from the default ONNX domain. */
record Node(String opType, String name, List<String> inputs, List<String> outputs, List<Attr> attrs) {
  Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attrs = List.copyOf(attrs);
  }
}
