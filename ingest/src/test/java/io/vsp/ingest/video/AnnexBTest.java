package io.vsp.ingest.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {
  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void splitFindsNalUnitsAfterThreeAndFourByteStartCodes() {
    byte[] data = bytes(0, 0, 0, 1, 0x67, 0xAA, 0, 0, 1, 0x68, 0xBB, 0xCC, 0, 0, 0, 1, 0x65, 0x88, 0x80);
    List<AnnexB.Nal> nals = AnnexB.split(data);
    assertThat(nals).containsExactly(new AnnexB.Nal(4, 2), new AnnexB.Nal(9, 3), new AnnexB.Nal(16, 3));
  }

  @Test
  void splitStripsTrailingZeroBytes() {
    byte[] data = bytes(0, 0, 1, 0x67, 0x42, 0, 0, 0, 0, 1, 0x68, 0xFF);
    assertThat(AnnexB.split(data)).containsExactly(new AnnexB.Nal(3, 2), new AnnexB.Nal(10, 2));
  }

  @Test
  void lengthPrefixedBecomesAnnexB() {
    byte[] mp4 = bytes(0, 0, 0, 2, 0x65, 0x11, 0, 0, 0, 1, 0x41);
    assertThat(AnnexB.fromLengthPrefixed(mp4, 4)).isEqualTo(bytes(0, 0, 0, 1, 0x65, 0x11, 0, 0, 0, 1, 0x41));
  }

  @Test
  void lengthPastTheEndIsRefusedWithTheSizes() {
    assertThatThrownBy(() -> AnnexB.fromLengthPrefixed(bytes(0, 0, 0, 9, 0x65), 4))
        .hasMessage("NAL length 9 runs past the packet end (5 bytes)");
  }

  @Test
  void parameterSetsComeOutOfAvcC() {
    byte[] avcc = bytes(1, 0x42, 0, 0x1E, 0xFF, 0xE1, 0, 3, 0x67, 0x42, 0x1E, 1, 0, 2, 0x68, 0xCE);
    List<byte[]> sets = AnnexB.parameterSets(Codec.H264, avcc);
    assertThat(sets).containsExactly(bytes(0x67, 0x42, 0x1E), bytes(0x68, 0xCE));
    assertThat(AnnexB.lengthSize(Codec.H264, avcc)).isEqualTo(4);
  }

  @Test
  void parameterSetsComeOutOfAnnexBExtradata() {
    byte[] extradata = bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x06, 0x05);
    assertThat(AnnexB.parameterSets(Codec.H264, extradata)).containsExactly(bytes(0x67, 0x42), bytes(0x68, 0xCE));
    assertThat(AnnexB.lengthSize(Codec.H264, extradata)).isZero();
  }

  @Test
  void parameterSetsComeOutOfHvcC() {
    byte[] hvcc = new byte[23 + 3 * 7];
    hvcc[0] = 1;
    hvcc[21] = 3;
    hvcc[22] = 3;
    int pos = 23;
    for (int type : new int[] {32, 33, 34}) {
      hvcc[pos++] = (byte) type;
      hvcc[pos++] = 0;
      hvcc[pos++] = 1;
      hvcc[pos++] = 0;
      hvcc[pos++] = 2;
      hvcc[pos++] = (byte) (type << 1);
      hvcc[pos++] = 1;
    }
    List<byte[]> sets = AnnexB.parameterSets(Codec.HEVC, hvcc);
    assertThat(sets).containsExactly(bytes(64, 1), bytes(66, 1), bytes(68, 1));
  }
}
