package io.vsp.detector.synth;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One node attribute ({@code AttributeProto}): a name, its type code and how its value is encoded.
 * Factories exist for the kinds the generated models use: int, float, ints, floats, string, tensor.
 */
final class Attr {
  // AttributeProto.AttributeType codes
  private static final int FLOAT = 1;
  private static final int INT = 2;
  private static final int STRING = 3;
  private static final int TENSOR = 4;
  private static final int FLOATS = 6;
  private static final int INTS = 7;

  final String name;
  final int type;
  private final Consumer<ProtoWriter> value;

  private Attr(String name, int type, Consumer<ProtoWriter> value) {
    this.name = name;
    this.type = type;
    this.value = value;
  }

  static Attr i(String name, long v) {
    return new Attr(name, INT, w -> w.varint(OnnxEncoder.ATTR_I, v));
  }

  static Attr f(String name, float v) {
    return new Attr(name, FLOAT, w -> w.fixed32(OnnxEncoder.ATTR_F, v));
  }

  static Attr s(String name, String v) {
    return new Attr(name, STRING, w -> w.bytes(OnnxEncoder.ATTR_S, v.getBytes(StandardCharsets.UTF_8)));
  }

  /** Repeated scalars are written unpacked, proto2's default for these fields in onnx.proto. */
  static Attr ints(String name, long... vs) {
    long[] copy = vs.clone();
    return new Attr(name, INTS, w -> {
      for (long v : copy) {
        w.varint(OnnxEncoder.ATTR_INTS, v);
      }
    });
  }

  static Attr floats(String name, float... vs) {
    float[] copy = vs.clone();
    return new Attr(name, FLOATS, w -> {
      for (float v : copy) {
        w.fixed32(OnnxEncoder.ATTR_FLOATS, v);
      }
    });
  }

  static Attr tensor(String name, TensorData t) {
    return new Attr(name, TENSOR, w -> w.message(OnnxEncoder.ATTR_T, OnnxEncoder.tensor(t)));
  }

  void writeValue(ProtoWriter w) {
    value.accept(w);
  }
}
