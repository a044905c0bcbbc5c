package io.vsp.detector.synth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects the nodes, initializers, inputs and outputs of one ONNX graph. Every {@code op} call adds
 * a node and returns the name of its output, so model code reads as a chain of operators; names are
 * generated from counters, never from hash order, so a graph built twice is identical.
 */
final class GraphBuilder {
  private final String name;
  private final String doc;
  private final List<Node> nodes = new ArrayList<>();
  private final List<TensorData> initializers = new ArrayList<>();
  private final List<ValueInfo> inputs = new ArrayList<>();
  private final List<ValueInfo> outputs = new ArrayList<>();
  private final Map<String, Integer> counters = new HashMap<>();
  private final Set<String> names = new HashSet<>();
  private final Map<String, String> sharedConstants = new HashMap<>();

  GraphBuilder(String name, String doc) {
    this.name = name;
    this.doc = doc;
  }

  String input(String tensor, ElemType type, long... dims) {
    claim(tensor);
    inputs.add(ValueInfo.of(tensor, type, dims));
    return tensor;
  }

  /** Declares an already produced tensor (see {@link #opTo}) as a graph output. */
  void output(ValueInfo value) {
    if (!names.contains(value.name())) {
      throw new IllegalStateException("graph output " + value.name() + " is not produced by any node");
    }
    outputs.add(value);
  }

  String constant(TensorData t) {
    String unique = fresh(t.name());
    initializers.add(new TensorData(unique, t.type(), t.dims(), t.raw()));
    return unique;
  }

  String floats(String hint, long[] dims, float... values) {
    return constant(TensorData.floats(hint, dims, values));
  }

  /** A rank-0 float, shared between nodes (Clip bounds, scales). */
  String scalar(float value) {
    return shared("f" + Float.floatToRawIntBits(value),
        () -> constant(TensorData.floats("c_" + value, new long[0], value)));
  }

  /** A rank-0 int64, shared between nodes. */
  String scalarInt(long value) {
    return shared("l" + value, () -> constant(TensorData.int64s("c_" + value, new long[0], value)));
  }

  /** A 1-D int64 vector (axes, shapes, pads, K), shared between nodes. */
  String ints(long... values) {
    StringBuilder key = new StringBuilder("i");
    for (long v : values) {
      key.append(',').append(v);
    }
    return shared(key.toString(), () -> constant(TensorData.int64s("i64", new long[] {values.length}, values)));
  }

  String op(String type, String... in) {
    return op(type, List.of(), in);
  }

  String op(String type, List<Attr> attrs, String... in) {
    return ops(type, 1, attrs, in)[0];
  }

  /** A node whose single output gets the given name (graph outputs). */
  String opTo(String out, String type, List<Attr> attrs, String... in) {
    claim(out);
    nodes.add(new Node(type, fresh(type.toLowerCase() + "_node"), List.of(in), List.of(out), attrs));
    return out;
  }

  /** A node of a custom domain (a TensorRT plugin) whose outputs get the given names (graph outputs). */
  void domainOpTo(String domain, String type, List<String> outs, List<Attr> attrs, String... in) {
    outs.forEach(this::claim);
    nodes.add(new Node(type, fresh(type.toLowerCase() + "_node"), List.of(in), outs, attrs, domain));
  }

  String[] ops(String type, int outputCount, List<Attr> attrs, String... in) {
    String base = fresh(type.toLowerCase());
    String[] out = new String[outputCount];
    for (int i = 0; i < outputCount; i++) {
      out[i] = i == 0 ? base : fresh(base + "_out" + i);
    }
    nodes.add(new Node(type, base, List.of(in), List.of(out), attrs));
    return out;
  }

  String name() {
    return name;
  }

  String doc() {
    return doc;
  }

  /** Domains other than the default one that nodes use; each needs an opset import. */
  java.util.SortedSet<String> customDomains() {
    java.util.SortedSet<String> domains = new java.util.TreeSet<>();
    nodes.stream().map(Node::domain).filter(d -> !d.isEmpty()).forEach(domains::add);
    return domains;
  }

  List<Node> nodes() {
    return List.copyOf(nodes);
  }

  List<TensorData> initializers() {
    return List.copyOf(initializers);
  }

  List<ValueInfo> inputs() {
    return List.copyOf(inputs);
  }

  List<ValueInfo> outputs() {
    return List.copyOf(outputs);
  }

  private String shared(String key, Supplier<String> create) {
    String existing = sharedConstants.get(key);
    if (existing == null) {
      existing = create.get();
      sharedConstants.put(key, existing);
    }
    return existing;
  }

  private String fresh(String hint) {
    int n = counters.merge(hint, 1, Integer::sum) - 1;
    String candidate = hint + "_" + n;
    while (names.contains(candidate)) {
      n = counters.merge(hint, 1, Integer::sum) - 1;
      candidate = hint + "_" + n;
    }
    names.add(candidate);
    return candidate;
  }

  private void claim(String tensor) {
    if (!names.add(tensor)) {
      throw new IllegalStateException("tensor name " + tensor + " used twice");
    }
  }
}
