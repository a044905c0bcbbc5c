package io.vsp.detector.synth;

import io.vsp.detector.engine.InputType;

import java.util.List;

/**
 * The {@code images} input shared by both models, {@code [B,3,S,S]} RGB. A uint8 input is cast and
 * divided by 255 inside the graph, as super-gradients bakes in with {@code preprocessing=True}, so the
 * rest of the graph always sees floats in 0..1.
 */
final class GraphInput {
  static final String NAME = "images";

  private GraphInput() {}

  static String images(GraphBuilder g, SynthSpec spec) {
    return scaled(g, spec, declared(g, spec));
  }

  /** The input as declared, uint8 or float: for a graph that reads only part of it before scaling. */
  static String declared(GraphBuilder g, SynthSpec spec) {
    long[] dims = {spec.batch(), 3, spec.size(), spec.size()};
    return g.input(NAME, spec.dtype() == InputType.FLOAT32 ? ElemType.FLOAT : ElemType.UINT8, dims);
  }

  /** {@code values} (the input or a part of it) as floats in 0..1. */
  static String scaled(GraphBuilder g, SynthSpec spec, String values) {
    if (spec.dtype() == InputType.FLOAT32) {
      return values;
    }
    String floats = g.op("Cast", List.of(Attr.i("to", ElemType.FLOAT.code)), values);
    return g.op("Div", floats, g.scalar(255f));
  }
}
