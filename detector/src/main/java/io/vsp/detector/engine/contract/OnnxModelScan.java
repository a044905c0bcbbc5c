package io.vsp.detector.engine.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an ONNX file declares, read straight from its protobuf: graph inputs and outputs (name, element
 * type, shape), the operator types used (subgraphs included) and the element types of its weights.
 * ONNX Runtime does not expose the nodes, and TensorRT needs the contract before it builds an engine.
 *
 * @param opTypes operator types, {@code domain:op} for operators outside the default ONNX domain
 * @param weightTypes element types of initializers and Constant tensors
 * @param plugins nodes that TensorRT runs as plugins (op types ending in {@code _TRT}), in graph order
 */
public record OnnxModelScan(List<TensorSpec> inputs, List<TensorSpec> outputs, Set<String> opTypes,
    Set<ElementType> weightTypes, List<PluginNode> plugins) {

  // ONNX field numbers (onnx.proto).
  private static final int MODEL_GRAPH = 7;
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  private static final int NODE_DOMAIN = 7;
  private static final int ATTRIBUTE_TENSOR = 5;
  private static final int ATTRIBUTE_GRAPH = 6;
  private static final int ATTRIBUTE_GRAPHS = 11;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int VALUE_NAME = 1;
  private static final int VALUE_TYPE = 2;
  private static final int TYPE_TENSOR = 1;
  private static final int TENSOR_TYPE_ELEM = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;

  public OnnxModelScan {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    opTypes = Set.copyOf(opTypes);
    weightTypes = Set.copyOf(weightTypes);
    plugins = List.copyOf(plugins);
  }

  /** Reads {@code model}; an unreadable or non-ONNX file is an {@link IOException} naming the problem. */
  public static OnnxModelScan read(Path model) throws IOException {
    try (FileChannel channel = FileChannel.open(model, StandardOpenOption.READ)) {
      if (channel.size() > Integer.MAX_VALUE) {
        throw new IOException(model + " is larger than 2 GiB, the protobuf limit of an ONNX file");
      }
      MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      return parse(bytes);
    } catch (IOException e) {
      throw new IOException("cannot read ONNX model " + model + ": " + e.getMessage(), e);
    }
  }

  /** Parses a serialized {@code ModelProto}. */
  public static OnnxModelScan parse(ByteBuffer modelProto) throws IOException {
    ProtoReader model = new ProtoReader(modelProto);
    Builder found = new Builder();
    boolean sawGraph = false;
    while (model.next()) {
      if (model.field() == MODEL_GRAPH) {
        found.graph(model.message(), true);
        sawGraph = true;
      } else {
        model.skip();
      }
    }
    if (!sawGraph) {
      throw new IOException("no graph: not an ONNX model");
    }
    return found.build();
  }

  /**
   * {@code int8} when the graph quantizes (QuantizeLinear/DequantizeLinear, as in YOLO-NAS INT8
   * exports), else {@code fp16} when weights are float16, else {@code fp32}.
   */
  public String precision() {
    if (opTypes.contains("QuantizeLinear") || opTypes.contains("DequantizeLinear")) {
      return "int8";
    }
    return weightTypes.contains(ElementType.FLOAT16) ? "fp16" : "fp32";
  }

  private static final class Builder {
    final List<TensorSpec> inputs = new ArrayList<>();
    final List<TensorSpec> outputs = new ArrayList<>();
    final Set<String> initializers = new HashSet<>();
    final Set<String> opTypes = new LinkedHashSet<>();
    final Set<ElementType> weightTypes = new LinkedHashSet<>();
    final List<PluginNode> plugins = new ArrayList<>();

    void graph(ProtoReader graph, boolean top) throws IOException {
      while (graph.next()) {
        switch (graph.field()) {
          case GRAPH_NODE -> node(graph.message());
          case GRAPH_INITIALIZER -> tensor(graph.message(), top);
          case GRAPH_INPUT -> addIf(top, inputs, graph);
          case GRAPH_OUTPUT -> addIf(top, outputs, graph);
          default -> graph.skip();
        }
      }
    }

    private void addIf(boolean top, List<TensorSpec> target, ProtoReader graph) throws IOException {
      if (top) {
        target.add(valueInfo(graph.message()));
      } else {
        graph.skip();
      }
    }

    void node(ProtoReader node) throws IOException {
      String opType = "";
      String domain = "";
      List<String> nodeOutputs = new ArrayList<>();
      while (node.next()) {
        switch (node.field()) {
          case NODE_OUTPUT -> nodeOutputs.add(node.string());
          case NODE_OP_TYPE -> opType = node.string();
          case NODE_DOMAIN -> domain = node.string();
          case NODE_ATTRIBUTE -> attribute(node.message());
          default -> node.skip();
        }
      }
      opTypes.add(domain.isEmpty() || domain.equals("ai.onnx") ? opType : domain + ":" + opType);
      if (PluginNode.isPlugin(opType)) {
        plugins.add(new PluginNode(opType, nodeOutputs));
      }
    }

    void attribute(ProtoReader attribute) throws IOException {
      while (attribute.next()) {
        switch (attribute.field()) {
          case ATTRIBUTE_TENSOR -> tensor(attribute.message(), false);
          case ATTRIBUTE_GRAPH, ATTRIBUTE_GRAPHS -> graph(attribute.message(), false);
          default -> attribute.skip();
        }
      }
    }

    void tensor(ProtoReader tensor, boolean initializer) throws IOException {
      while (tensor.next()) {
        if (tensor.field() == TENSOR_DATA_TYPE) {
          weightTypes.add(ElementType.fromOnnx((int) tensor.varint()));
        } else if (tensor.field() == TENSOR_NAME && initializer) {
          initializers.add(tensor.string());
        } else {
          tensor.skip();
        }
      }
    }

    TensorSpec valueInfo(ProtoReader value) throws IOException {
      String name = "";
      ElementType type = ElementType.OTHER;
      List<Long> dims = new ArrayList<>();
      while (value.next()) {
        if (value.field() == VALUE_NAME) {
          name = value.string();
        } else if (value.field() == VALUE_TYPE) {
          ProtoReader typeProto = value.message();
          while (typeProto.next()) {
            if (typeProto.field() == TYPE_TENSOR) {
              type = tensorType(typeProto.message(), dims);
            } else {
              typeProto.skip();
            }
          }
        } else {
          value.skip();
        }
      }
      return new TensorSpec(name, type, dims.stream().mapToLong(Long::longValue).toArray());
    }

    private ElementType tensorType(ProtoReader tensorType, List<Long> dims) throws IOException {
      ElementType type = ElementType.OTHER;
      while (tensorType.next()) {
        if (tensorType.field() == TENSOR_TYPE_ELEM) {
          type = ElementType.fromOnnx((int) tensorType.varint());
        } else if (tensorType.field() == TENSOR_TYPE_SHAPE) {
          ProtoReader shape = tensorType.message();
          while (shape.next()) {
            if (shape.field() == SHAPE_DIM) {
              dims.add(dimension(shape.message()));
            } else {
              shape.skip();
            }
          }
        } else {
          tensorType.skip();
        }
      }
      return type;
    }

    /** A fixed dimension's value; -1 for a symbolic ({@code dim_param}) or unknown one. */
    private long dimension(ProtoReader dim) throws IOException {
      long value = -1;
      while (dim.next()) {
        if (dim.field() == DIM_VALUE) {
          value = dim.varint();
        } else {
          dim.skip();
        }
      }
      return value;
    }

    OnnxModelScan build() {
      // IR < 4 lists initializers among the graph inputs; they are weights, not inputs.
      List<TensorSpec> realInputs = inputs.stream().filter(i -> !initializers.contains(i.name())).toList();
      return new OnnxModelScan(realInputs, outputs, opTypes, weightTypes, plugins);
    }
  }
}
