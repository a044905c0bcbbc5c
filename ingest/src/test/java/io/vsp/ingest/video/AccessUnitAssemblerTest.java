package io.vsp.ingest.video;

import static io.vsp.ingest.video.AccessUnitAssembler.NO_TS;
import static io.vsp.ingest.video.AnnexBTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessUnitAssemblerTest {
  // H.264 NAL units: 0x67 SPS, 0x68 PPS, 0x06 SEI, 0x65 IDR slice, 0x41 non-IDR slice; the byte after a
  // slice header has its top bit set when first_mb_in_slice == 0 (the picture's first slice)
  static final byte[] SPS_PPS = bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xCE);
  static final byte[] IDR = bytes(0, 0, 0, 1, 0x65, 0x88, 0x01);
  static final byte[] P = bytes(0, 0, 0, 1, 0x41, 0x9A, 0x02);
  static final byte[] P_SECOND_SLICE = bytes(0, 0, 0, 1, 0x41, 0x4A, 0x03);

  private final AccessUnitAssembler assembler = new AccessUnitAssembler(Codec.H264, 40_000);

  @Test
  void parameterSetsInTheirOwnPacketJoinThePictureThatFollows() {
    assertThat(assembler.push(SPS_PPS, 0, 0, true)).isNull();
    assertThat(assembler.push(IDR, 0, 0, true)).isNull();
    AccessUnitAssembler.AccessUnit au = assembler.push(P, 40_000, 40_000, false);
    assertThat(au.data()).isEqualTo(concat(SPS_PPS, IDR));
    assertThat(au.ptsUs()).isZero();
    assertThat(au.keyframe()).isTrue();
    AccessUnitAssembler.AccessUnit last = assembler.flush();
    assertThat(last.ptsUs()).isEqualTo(40_000);
    assertThat(last.keyframe()).isFalse();
    assertThat(assembler.flush()).isNull();
  }

  @Test
  void slicesOfOnePictureFormOneAccessUnit() {
    assembler.push(P, 40_000, 40_000, false);
    assertThat(assembler.push(P_SECOND_SLICE, 40_000, 40_000, false)).isNull();
    assertThat(assembler.push(P, 80_000, 80_000, false).data()).isEqualTo(concat(P, P_SECOND_SLICE));
  }

  @Test
  void wholePictureWithoutTimestampIsDatedOneFrameBeforeTheNext() {
    // FFmpeg's RTSP demuxer may give a session's first packet no pts
    assertThat(assembler.push(concat(SPS_PPS, IDR), NO_TS, NO_TS, true)).isNull();
    AccessUnitAssembler.AccessUnit au = assembler.push(P, 80_000, 80_000, false);
    assertThat(au.data()).isEqualTo(concat(SPS_PPS, IDR));
    assertThat(au.ptsUs()).isEqualTo(40_000);
    assertThat(au.keyframe()).isTrue();
  }

  @Test
  void keyframeIsRecognisedFromTheNalUnitsWhenTheFlagIsMissing() {
    assembler.push(IDR, 0, 0, false);
    assertThat(assembler.flush().keyframe()).isTrue();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
