package io.vsp.detector.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The JPEG frame header read without decoding, and the DCT scale it allows. */
class JpegSizeTest {
  @Test
  void readsTheSizeFromTheFrameHeader() {
    byte[] jpeg = TestFrames.jpeg(TestFrames.image(1280, 720, 0x808080), 0.85f);
    assertThat(JpegSize.read(jpeg)).isEqualTo(new JpegSize(1280, 720));
  }

  @Test
  void anythingButAWellFormedJpegHeaderGivesNoSize() {
    byte[] jpeg = TestFrames.jpeg(TestFrames.image(64, 32, 0x808080), 0.85f);
    assertThat(JpegSize.read(TestFrames.png(TestFrames.image(64, 32, 0x808080)))).isNull();
    assertThat(JpegSize.read(Arrays.copyOf(jpeg, 6))).isNull();
    assertThat(JpegSize.read(new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0, 0})).isNull();
    assertThat(JpegSize.read(new byte[0])).isNull();
    assertThat(JpegSize.read(null)).isNull();
  }

  @Test
  void theLongestSideMustBeAtLeastTheFactorTimesTheLetterboxSize() {
    assertThat(new JpegSize(1280, 720).reduction(636)).isEqualTo(2);
    assertThat(new JpegSize(1271, 720).reduction(636)).isEqualTo(1);
    assertThat(new JpegSize(720, 1280).reduction(636)).isEqualTo(2);
    assertThat(new JpegSize(1920, 1080).reduction(636)).isEqualTo(2);
    assertThat(new JpegSize(2560, 1440).reduction(636)).isEqualTo(4);
    assertThat(new JpegSize(5120, 2880).reduction(636)).isEqualTo(8);
    assertThat(new JpegSize(3840, 2160).reduction(320)).isEqualTo(8);
    assertThat(new JpegSize(640, 360).reduction(636)).isEqualTo(1);
  }
}
