package io.vsp.detector.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX models for tests that need shapes the generated models never have (a wrong-shape
 * model, Q/DQ nodes, float16 weights): just the protobuf fields those tests read or ONNX Runtime needs.
 */
public final class TestOnnx {
  public static final int FLOAT = 1;
  public static final int UINT8 = 2;
  public static final int INT8 = 3;
  public static final int INT64 = 7;
  public static final int FLOAT16 = 10;

  private final Proto graph = new Proto();
  private int opset = 13;

  public TestOnnx opset(int version) {
    opset = version;
    return this;
  }

  /** A graph input; a negative dimension is written as a symbolic one. */
  public TestOnnx input(String name, int elemType, long... dims) {
    graph.message(11, valueInfo(name, elemType, dims));
    return this;
  }

  public TestOnnx output(String name, int elemType, long... dims) {
    graph.message(12, valueInfo(name, elemType, dims));
    return this;
  }

  /** A node with integer-list attributes given as name, values pairs. */
  public TestOnnx node(String opType, String[] inputs, String[] outputs, Object... attributes) {
    Proto node = new Proto();
    for (String in : inputs) {
      node.string(1, in);
    }
    for (String out : outputs) {
      node.string(2, out);
    }
    node.string(4, opType);
    for (int i = 0; i < attributes.length; i += 2) {
      Proto attribute = new Proto().string(1, (String) attributes[i]);
      if (attributes[i + 1] instanceof long[] ints) {
        attribute.varint(20, 7);
        for (long v : ints) {
          attribute.varint(8, v);
        }
      } else {
        attribute.varint(20, 2).varint(3, ((Number) attributes[i + 1]).longValue());
      }
      node.message(5, attribute);
    }
    graph.message(1, node);
    return this;
  }

  /** An initializer with raw little-endian data. */
  public TestOnnx initializer(String name, int elemType, long[] dims, byte[] raw) {
    Proto tensor = new Proto();
    for (long d : dims) {
      tensor.varint(1, d);
    }
    tensor.varint(2, elemType).string(8, name).bytes(9, raw);
    graph.message(5, tensor);
    return this;
  }

  public byte[] bytes() {
    Proto model = new Proto().varint(1, 8).message(8, new Proto().string(1, "").varint(2, opset));
    graph.string(2, "test");
    return model.message(7, graph).out.toByteArray();
  }

  public Path write(Path file) throws IOException {
    Files.write(file, bytes());
    return file;
  }

  private static Proto valueInfo(String name, int elemType, long... dims) {
    Proto shape = new Proto();
    for (long d : dims) {
      shape.message(1, d >= 0 ? new Proto().varint(1, d) : new Proto().string(2, "n"));
    }
    Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  /** Protobuf wire-format writer: varints and length-delimited fields. */
  private static final class Proto {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.out.toByteArray());
    }

    private void raw(long value) {
      while ((value & ~0x7fL) != 0) {
        out.write((int) ((value & 0x7f) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
