package io.vsp.detector.synth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes one Protocol Buffers message in the wire format: varints, length-delimited fields
 * (strings, bytes, nested messages) and little-endian fixed32/fixed64 values. Fields come out in the
 * order they are written, so the same calls always give the same bytes.
 */
final class ProtoWriter {
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LEN = 2;
  private static final int WIRE_FIXED32 = 5;

  private byte[] buf = new byte[32];
  private int size;

  /** An int32/int64/enum/bool field; negative values take ten bytes, as protobuf's int64 does. */
  ProtoWriter varint(int field, long value) {
    tag(field, WIRE_VARINT);
    rawVarint(value);
    return this;
  }

  ProtoWriter bytes(int field, byte[] value) {
    tag(field, WIRE_LEN);
    rawVarint(value.length);
    raw(value, 0, value.length);
    return this;
  }

  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  ProtoWriter message(int field, ProtoWriter nested) {
    tag(field, WIRE_LEN);
    rawVarint(nested.size);
    raw(nested.buf, 0, nested.size);
    return this;
  }

  ProtoWriter fixed32(int field, float value) {
    tag(field, WIRE_FIXED32);
    rawFixed(Float.floatToRawIntBits(value) & 0xFFFFFFFFL, 4);
    return this;
  }

  ProtoWriter fixed64(int field, double value) {
    tag(field, WIRE_FIXED64);
    rawFixed(Double.doubleToRawLongBits(value), 8);
    return this;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void tag(int field, int wireType) {
    if (field <= 0) {
      throw new IllegalArgumentException("protobuf field numbers start at 1, got " + field);
    }
    rawVarint(((long) field << 3) | wireType);
  }

  private void rawVarint(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  private void rawFixed(long bits, int bytes) {
    ensure(bytes);
    for (int i = 0; i < bytes; i++) {
      buf[size++] = (byte) (bits >>> (8 * i));
    }
  }

  private void raw(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, buf, size, length);
    size += length;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      // doubling keeps the copies of a 40 MB bench model to a handful
      long want = Math.max((long) buf.length * 2, (long) size + extra);
      if (want > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("protobuf message over 2 GB");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }
}
