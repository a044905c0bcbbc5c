package io.vsp.detector.synth;

/**
 * Turns a built graph into the bytes of an ONNX file ({@code ModelProto}, onnx.proto's field
 * numbers), IR version 8 with the default-domain opset 17, the pair ONNX Runtime and TensorRT's ONNX
 * parser both read. Nothing time- or host-dependent is written, so a graph always encodes the same.
 */
final class OnnxEncoder {
  static final long IR_VERSION = 8; // the IR version that goes with opset 17
  static final long OPSET = 17;
  static final String PRODUCER = "vsp";

  // ModelProto
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_PRODUCER_VERSION = 3;
  private static final int MODEL_DOC = 6;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  // OperatorSetIdProto
  private static final int OPSET_DOMAIN = 1;
  private static final int OPSET_VERSION = 2;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_DOC = 10;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int NODE_DOMAIN = 7;
  // AttributeProto (value fields are used by Attr)
  private static final int ATTR_NAME = 1;
  static final int ATTR_F = 2;
  static final int ATTR_I = 3;
  static final int ATTR_S = 4;
  static final int ATTR_T = 5;
  static final int ATTR_FLOATS = 7;
  static final int ATTR_INTS = 8;
  private static final int ATTR_TYPE = 20;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, its Dimension
  private static final int VALUE_NAME = 1;
  private static final int VALUE_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_TYPE_ELEM = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  private OnnxEncoder() {}

  static byte[] model(GraphBuilder graph, String doc) {
    ProtoWriter opset = new ProtoWriter().string(OPSET_DOMAIN, "").varint(OPSET_VERSION, OPSET);
    ProtoWriter model = new ProtoWriter()
        .varint(MODEL_IR_VERSION, IR_VERSION)
        .string(MODEL_PRODUCER_NAME, PRODUCER)
        .string(MODEL_PRODUCER_VERSION, "1")
        .string(MODEL_DOC, doc)
        .message(MODEL_GRAPH, graph(graph))
        .message(MODEL_OPSET_IMPORT, opset);
    for (String domain : graph.customDomains()) {
      // plugin domains (TRT) are versioned 1, as exporters write them
      model.message(MODEL_OPSET_IMPORT, new ProtoWriter().string(OPSET_DOMAIN, domain).varint(OPSET_VERSION, 1));
    }
    return model.toByteArray();
  }

  private static ProtoWriter graph(GraphBuilder g) {
    ProtoWriter w = new ProtoWriter();
    for (Node n : g.nodes()) {
      w.message(GRAPH_NODE, node(n));
    }
    w.string(GRAPH_NAME, g.name());
    for (TensorData t : g.initializers()) {
      w.message(GRAPH_INITIALIZER, tensor(t));
    }
    w.string(GRAPH_DOC, g.doc());
    for (ValueInfo v : g.inputs()) {
      w.message(GRAPH_INPUT, valueInfo(v));
    }
    for (ValueInfo v : g.outputs()) {
      w.message(GRAPH_OUTPUT, valueInfo(v));
    }
    return w;
  }

  private static ProtoWriter node(Node n) {
    ProtoWriter w = new ProtoWriter();
    for (String in : n.inputs()) {
      w.string(NODE_INPUT, in);
    }
    for (String out : n.outputs()) {
      w.string(NODE_OUTPUT, out);
    }
    w.string(NODE_NAME, n.name()).string(NODE_OP_TYPE, n.opType());
    if (!n.domain().isEmpty()) {
      w.string(NODE_DOMAIN, n.domain());
    }
    for (Attr a : n.attrs()) {
      ProtoWriter aw = new ProtoWriter().string(ATTR_NAME, a.name);
      a.writeValue(aw);
      w.message(NODE_ATTRIBUTE, aw.varint(ATTR_TYPE, a.type));
    }
    return w;
  }

  static ProtoWriter tensor(TensorData t) {
    ProtoWriter w = new ProtoWriter();
    for (long d : t.dims()) {
      w.varint(TENSOR_DIMS, d);
    }
    return w.varint(TENSOR_DATA_TYPE, t.type().code)
        .string(TENSOR_NAME, t.name())
        .bytes(TENSOR_RAW_DATA, t.raw());
  }

  private static ProtoWriter valueInfo(ValueInfo v) {
    ProtoWriter shape = new ProtoWriter();
    for (ValueInfo.Dim d : v.dims()) {
      ProtoWriter dim = new ProtoWriter();
      if (d.param() != null) {
        dim.string(DIM_PARAM, d.param());
      } else {
        dim.varint(DIM_VALUE, d.value());
      }
      shape.message(SHAPE_DIM, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().varint(TENSOR_TYPE_ELEM, v.type().code).message(TENSOR_TYPE_SHAPE, shape);
    ProtoWriter type = new ProtoWriter().message(TYPE_TENSOR, tensorType);
    return new ProtoWriter().string(VALUE_NAME, v.name()).message(VALUE_TYPE, type);
  }
}
