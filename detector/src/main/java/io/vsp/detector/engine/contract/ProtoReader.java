package io.vsp.detector.engine.contract;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf wire format field by field, just enough to walk an ONNX model: varints,
 * length-delimited fields (strings, nested messages) and skipping of everything else. Nested messages
 * are slices of the same buffer, so a large model is never copied.
 */
final class ProtoReader {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;
  private static final int FIXED32 = 5;

  private final ByteBuffer buf;
  private int field;
  private int wireType;

  ProtoReader(ByteBuffer message) {
    this.buf = message.slice();
  }

  /** Advances to the next field; false at the end of the message. */
  boolean next() throws IOException {
    if (!buf.hasRemaining()) {
      return false;
    }
    long tag = varint();
    field = (int) (tag >>> 3);
    wireType = (int) (tag & 7);
    if (field == 0) {
      throw malformed("field number 0");
    }
    return true;
  }

  int field() {
    return field;
  }

  /** The current field's value as a varint (int32/int64/enum/bool fields). */
  long varint() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!buf.hasRemaining()) {
        throw malformed("truncated varint");
      }
      byte b = buf.get();
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  /** The current length-delimited field as a slice of the underlying buffer. */
  ByteBuffer bytes() throws IOException {
    requireWireType(LENGTH_DELIMITED);
    long length = varint();
    if (length < 0 || length > buf.remaining()) {
      throw malformed("length " + length + " runs past the end");
    }
    ByteBuffer slice = buf.slice(buf.position(), (int) length);
    buf.position(buf.position() + (int) length);
    return slice;
  }

  String string() throws IOException {
    ByteBuffer bytes = bytes();
    byte[] chars = new byte[bytes.remaining()];
    bytes.get(chars);
    return new String(chars, StandardCharsets.UTF_8);
  }

  ProtoReader message() throws IOException {
    return new ProtoReader(bytes());
  }

  /** Skips the current field's value. */
  void skip() throws IOException {
    switch (wireType) {
      case VARINT -> varint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> bytes();
      case FIXED32 -> advance(4);
      default -> throw malformed("unsupported wire type " + wireType);
    }
  }

  private void advance(int count) throws IOException {
    if (buf.remaining() < count) {
      throw malformed("truncated field");
    }
    buf.position(buf.position() + count);
  }

  private void requireWireType(int expected) throws IOException {
    if (wireType != expected) {
      throw malformed("field " + field + " has wire type " + wireType + ", expected " + expected);
    }
  }

  private IOException malformed(String what) {
    return new IOException("malformed protobuf at byte " + buf.position() + ": " + what);
  }
}
