package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnnexBTest {
  static final byte[] KEY = {0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 1, 0x65, 9, 9, 9};

  @Test
  void parameterSetsOfAKeyframeAreItsSpsAndPps() {
    assertThat(AnnexB.parameterSets(KEY, "h264")).containsExactly(0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x68, 3);
  }

  @Test
  void aUnitWithASliceIsPlausibleGarbageIsNot() {
    assertThat(AnnexB.plausible(KEY, "h264")).isTrue();
    assertThat(AnnexB.plausible(new byte[] {0, 0, 1, 0x41, 5, 6}, "h264")).isTrue();
    assertThat(AnnexB.plausible(new byte[] {0, 0, 0, 1, 0x67, 1, 2}, "h264")).as("no slice").isFalse();
    assertThat(AnnexB.plausible(new byte[] {0, 0, 1, (byte) 0xc1, 5}, "h264")).as("forbidden bit").isFalse();
    assertThat(AnnexB.plausible(new byte[] {7, 7, 7, 7, 7}, "h264")).as("no start code").isFalse();
  }

  @Test
  void hevcNalTypesAreReadFromTheirTwoByteHeader() {
    byte[] hevc = {0, 0, 0, 1, 0x40, 1, 7, 0, 0, 1, 0x42, 1, 8, 0, 0, 1, 0x44, 1, 9, 0, 0, 1, 0x26, 1, 5};
    assertThat(AnnexB.plausible(hevc, "hevc")).isTrue();
    assertThat(AnnexB.parameterSets(hevc, "hevc")).hasSize(3 * 4 + 9);
  }
}
