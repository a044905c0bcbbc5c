package io.vsp.ingest.video;

import static io.vsp.ingest.video.AccessUnitAssembler.NO_TS;
import static io.vsp.ingest.video.AnnexBTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessUnitAssemblerTest {
  // H.264 NAL units with 4-byte start codes: 0x09 AUD, 0x67 SPS, 0x68 PPS, 0x06 SEI, 0x65 IDR slice,
  // 0x41 non-IDR slice; the byte after a slice header has its top bit set when first_mb_in_slice == 0
  static final byte[] AUD = bytes(0, 0, 0, 1, 0x09, 0xF0);
  static final byte[] SPS = bytes(0, 0, 0, 1, 0x67, 0x42);
  static final byte[] PPS = bytes(0, 0, 0, 1, 0x68, 0xCE);
  static final byte[] IDR = bytes(0, 0, 0, 1, 0x65, 0x88, 0x01);
  static final byte[] P = bytes(0, 0, 0, 1, 0x41, 0x9A, 0x02);
  static final byte[] P_SECOND_SLICE = bytes(0, 0, 0, 1, 0x41, 0x4A, 0x03);

  private final AccessUnitAssembler assembler = new AccessUnitAssembler(Codec.H264, 40_000);

  @Test
  void parameterSetsInTheirOwnPacketJoinThePictureThatFollows() {
    assertThat(assembler.push(concat(SPS, PPS), 0, 0, true)).isEmpty();
    assertThat(assembler.push(IDR, 0, 0, true)).isEmpty();
    List<AccessUnitAssembler.AccessUnit> done = assembler.push(P, 40_000, 40_000, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(done.get(0).ptsUs()).isZero();
    assertThat(done.get(0).keyframe()).isTrue();
    AccessUnitAssembler.AccessUnit last = assembler.flush();
    assertThat(last.ptsUs()).isEqualTo(40_000);
    assertThat(last.keyframe()).isFalse();
    assertThat(assembler.flush()).isNull();
  }

  @Test
  void slicesOfOnePictureFormOneAccessUnit() {
    assembler.push(P, 40_000, 40_000, false);
    assertThat(assembler.push(P_SECOND_SLICE, 40_000, 40_000, false)).isEmpty();
    assertThat(assembler.push(P, 80_000, 80_000, false).get(0).data()).isEqualTo(concat(P, P_SECOND_SLICE));
  }

  /** Regression: a packet ending with the next unit's delimiter and SPS put them in the wrong record. */
  @Test
  void packetEndingWithTheNextUnitsPrefixIsCutBetweenNalUnits() {
    assembler.push(concat(AUD, P), 0, 0, false);
    List<AccessUnitAssembler.AccessUnit> done = assembler.push(concat(P_SECOND_SLICE, AUD, SPS), 0, 0, false);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).data()).isEqualTo(concat(AUD, P, P_SECOND_SLICE));
    assertThat(assembler.push(concat(PPS, IDR), 40_000, 40_000, true)).isEmpty();
    AccessUnitAssembler.AccessUnit key = assembler.flush();
    assertThat(key.data()).isEqualTo(concat(AUD, SPS, PPS, IDR));
    assertThat(key.ptsUs()).isEqualTo(40_000);
    assertThat(key.keyframe()).isTrue();
  }

  @Test
  void wholePictureWithoutTimestampIsDatedOneFrameBeforeTheNext() {
    // FFmpeg's RTSP demuxer may give a session's first packet no pts
    assertThat(assembler.push(concat(SPS, PPS, IDR), NO_TS, NO_TS, true)).isEmpty();
    AccessUnitAssembler.AccessUnit au = assembler.push(P, 80_000, 80_000, false).get(0);
    assertThat(au.data()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(au.ptsUs()).isEqualTo(40_000);
    assertThat(au.keyframe()).isTrue();
  }

  @Test
  void keyframeIsRecognisedFromTheNalUnitsWhenTheFlagIsMissing() {
    assembler.push(IDR, 0, 0, false);
    assertThat(assembler.flush().keyframe()).isTrue();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int pos = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, pos, p.length);
      pos += p.length;
    }
    return out;
  }
}
