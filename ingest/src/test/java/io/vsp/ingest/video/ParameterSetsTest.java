package io.vsp.ingest.video;

import static io.vsp.ingest.video.AnnexBTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSetsTest {
  private static final byte[] SPS = bytes(0x67, 0x42);
  private static final byte[] PPS = bytes(0x68, 0xCE);

  @Test
  void keyframeWithoutParameterSetsGetsThemInFront() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] idr = bytes(0, 0, 0, 1, 0x65, 0x88);
    assertThat(sets.complete(idr, true))
        .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88));
  }

  @Test
  void parameterSetsGoAfterTheAccessUnitDelimiter() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] idr = bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0x65, 0x88);
    assertThat(sets.complete(idr, true)).isEqualTo(bytes(0, 0, 0, 1, 0x09, 0xF0, 0, 0, 0, 1, 0x67, 0x42,
        0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88));
  }

  @Test
  void keyframeKeepsItsOwnParameterSets() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] idr = bytes(0, 0, 0, 1, 0x67, 0x43, 0, 0, 0, 1, 0x68, 0xCF, 0, 0, 0, 1, 0x65, 0x88);
    assertThat(sets.complete(idr, true)).isEqualTo(idr);
  }

  /** Regression: a keyframe record starting with a PPS (then SEI, SPS, PPS) did not decode on its own. */
  @Test
  void keyframeIsPutInCanonicalOrderWithOneOfEachParameterSet() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] odd = bytes(0, 0, 0, 1, 0x68, 0xCF, 0, 0, 0, 1, 0x06, 0x05, 0, 0, 0, 1, 0x67, 0x43,
        0, 0, 0, 1, 0x68, 0xCF, 0, 0, 0, 1, 0x65, 0x88);
    assertThat(sets.complete(odd, true)).isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x43, 0, 0, 0, 1, 0x68, 0xCF,
        0, 0, 0, 1, 0x06, 0x05, 0, 0, 0, 1, 0x65, 0x88));
  }

  @Test
  void inBandParameterSetsReplaceTheExtradataOnes() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    sets.complete(bytes(0, 0, 0, 1, 0x67, 0x50, 0, 0, 0, 1, 0x41, 0x01), false);
    assertThat(sets.complete(bytes(0, 0, 0, 1, 0x65, 0x88), true))
        .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x50, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88));
  }

  @Test
  void nonKeyframesAreNotTouched() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] p = bytes(0, 0, 0, 1, 0x41, 0x9A);
    assertThat(sets.complete(p, false)).isSameAs(p);
  }

  @Test
  void hevcKeyframeGetsVpsSpsPps() {
    byte[] vps = bytes(0x40, 0x01);
    byte[] sps = bytes(0x42, 0x01);
    byte[] pps = bytes(0x44, 0x01);
    ParameterSets sets = new ParameterSets(Codec.HEVC, List.of(pps, sps, vps));
    byte[] idr = bytes(0, 0, 0, 1, 0x26, 0x01, 0xAF);
    assertThat(sets.complete(idr, true)).isEqualTo(bytes(0, 0, 0, 1, 0x40, 0x01, 0, 0, 0, 1, 0x42, 0x01,
        0, 0, 0, 1, 0x44, 0x01, 0, 0, 0, 1, 0x26, 0x01, 0xAF));
  }

  /** A camera sending a huge "SPS" must not make every later keyframe carry it, nor keep it in memory. */
  @Test
  void parameterSetAboveTheCapStaysInItsUnitButIsNotRemembered() {
    ParameterSets sets = new ParameterSets(Codec.H264, List.of(SPS, PPS));
    byte[] hugeSps = AccessUnitAssemblerTest.slice(0x67, 0x42, 4 + ParameterSets.MAX_SET_BYTES + 1);
    byte[] idr = bytes(0, 0, 0, 1, 0x65, 0x88);
    byte[] withHuge = AccessUnitAssemblerTest.concat(hugeSps, idr);
    assertThat(sets.complete(withHuge, true))
        .isEqualTo(AccessUnitAssemblerTest.concat(hugeSps, bytes(0, 0, 0, 1, 0x68, 0xCE), idr));
    assertThat(sets.complete(idr, true))
        .isEqualTo(bytes(0, 0, 0, 1, 0x67, 0x42, 0, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0x65, 0x88));
  }
}
