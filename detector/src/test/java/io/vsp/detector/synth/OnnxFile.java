package io.vsp.detector.synth;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What tests need to know of an encoded ONNX model, read back from its bytes with {@link ProtoFields}
 * (so the encoder is checked by an independent reader): versions, producer, nodes and initializers.
 */
record OnnxFile(long irVersion, String producer, Map<String, Long> opsets, List<NodeInfo> nodes,
    Map<String, byte[]> initializers) {

  /** A node as written: operator, domain ("" is the default ONNX domain) and input names. */
  record NodeInfo(String opType, String domain, List<String> inputs) {}

  static OnnxFile read(byte[] model) {
    ProtoFields m = ProtoFields.parse(model);
    Map<String, Long> opsets = new LinkedHashMap<>();
    for (ProtoFields.Field f : m.all(8)) {
      ProtoFields o = f.message();
      String domain = o.all(1).isEmpty() ? "" : o.one(1).string();
      opsets.put(domain, o.one(2).value());
    }
    ProtoFields graph = m.one(7).message();
    List<NodeInfo> nodes = graph.all(1).stream().map(ProtoFields.Field::message).map(n -> new NodeInfo(
        n.one(4).string(), n.all(7).isEmpty() ? "" : n.one(7).string(),
        n.all(1).stream().map(ProtoFields.Field::string).toList())).toList();
    Map<String, byte[]> inits = new LinkedHashMap<>();
    for (ProtoFields.Field f : graph.all(5)) {
      ProtoFields t = f.message();
      inits.put(t.one(8).string(), t.one(9).bytes());
    }
    return new OnnxFile(m.one(1).value(), m.one(2).string(), opsets, nodes, inits);
  }

  /** An int64 initializer's values. */
  long[] int64s(String name) {
    ByteBuffer b = ByteBuffer.wrap(initializers.get(name)).order(ByteOrder.LITTLE_ENDIAN);
    long[] out = new long[b.remaining() / 8];
    b.asLongBuffer().get(out);
    return out;
  }
}
