package io.vsp.detector.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The wire format bytes match the protobuf encoding rules, checked on known examples. */
class ProtoWriterTest {

  @Test
  void varintsUseSevenBitGroupsLeastSignificantFirst() {
    // field 1, varint 300: tag 0x08, then 0xAC 0x02 (the protobuf documentation's example)
    assertThat(new ProtoWriter().varint(1, 300).toByteArray()).containsExactly(0x08, 0xAC, 0x02);
    assertThat(new ProtoWriter().varint(2, 0).toByteArray()).containsExactly(0x10, 0x00);
  }

  @Test
  void negativeInt64TakesTenBytes() {
    byte[] bytes = new ProtoWriter().varint(1, -1).toByteArray();
    assertThat(bytes).hasSize(11);
    assertThat(bytes[10]).isEqualTo((byte) 0x01);
  }

  @Test
  void stringsAndMessagesAreLengthDelimited() {
    ProtoWriter nested = new ProtoWriter().string(1, "ab");
    assertThat(new ProtoWriter().message(3, nested).toByteArray())
        .containsExactly(0x1A, 0x04, 0x0A, 0x02, 'a', 'b');
  }

  @Test
  void fixedValuesAreLittleEndian() {
    assertThat(new ProtoWriter().fixed32(2, 1.0f).toByteArray()).containsExactly(0x15, 0x00, 0x00, 0x80, 0x3F);
    assertThat(new ProtoWriter().fixed64(1, 1.0).toByteArray())
        .containsExactly(0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F);
  }

  @Test
  void largeFieldNumbersGetMultiByteTags() {
    // AttributeProto.type is field 20: tag (20 << 3) | 0 = 160 = 0xA0 0x01
    assertThat(new ProtoWriter().varint(20, 7).toByteArray()).containsExactly(0xA0, 0x01, 0x07);
  }

  @Test
  void readerRoundTripsWhatTheWriterWrote() {
    byte[] big = new byte[100_000];
    big[99_999] = 42;
    byte[] bytes = new ProtoWriter().varint(1, Long.MAX_VALUE).bytes(9, big).fixed32(4, -2.5f).toByteArray();

    ProtoFields read = ProtoFields.parse(bytes);
    assertThat(read.one(1).value()).isEqualTo(Long.MAX_VALUE);
    assertThat(read.one(9).bytes()).isEqualTo(big);
    assertThat(Float.intBitsToFloat((int) read.one(4).value())).isEqualTo(-2.5f);
  }

  @Test
  void fieldZeroIsRefused() {
    assertThatThrownBy(() -> new ProtoWriter().varint(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("protobuf field numbers start at 1, got 0");
  }
}
