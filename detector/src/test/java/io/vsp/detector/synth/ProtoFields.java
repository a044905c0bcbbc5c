package io.vsp.detector.synth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal protobuf wire-format reader for tests: splits one message into its fields, so tests can
 * read back what the writer produced without a protobuf library.
 */
record ProtoFields(List<Field> fields) {

  /** One field: its number, wire type and either a varint/fixed value or a length-delimited slice. */
  record Field(int number, int wireType, long value, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    ProtoFields message() {
      return parse(bytes);
    }
  }

  static ProtoFields parse(byte[] data) {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < data.length) {
      long tag = varint(data, pos);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> out.add(new Field(number, wire, varint(data, pos), null));
        case 1 -> out.add(new Field(number, wire, fixed(data, pos, 8), null));
        case 5 -> out.add(new Field(number, wire, fixed(data, pos, 4), null));
        case 2 -> {
          int len = Math.toIntExact(varint(data, pos));
          byte[] slice = java.util.Arrays.copyOfRange(data, pos[0], pos[0] + len);
          pos[0] += len;
          out.add(new Field(number, wire, len, slice));
        }
        default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at " + pos[0]);
      }
    }
    return new ProtoFields(out);
  }

  List<Field> all(int number) {
    return fields.stream().filter(f -> f.number() == number).toList();
  }

  Field one(int number) {
    List<Field> found = all(number);
    if (found.size() != 1) {
      throw new IllegalStateException("field " + number + " occurs " + found.size() + " times");
    }
    return found.get(0);
  }

  private static long varint(byte[] data, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = data[pos[0]++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("varint longer than 10 bytes");
  }

  private static long fixed(byte[] data, int[] pos, int bytes) {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (long) (data[pos[0]++] & 0xFF) << (8 * i);
    }
    return v;
  }
}
