package io.vsp.ingest.frames;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JpegEncoderSizeTest {
  @Test
  void widthIsCappedAndAspectRatioKept() {
    assertThat(JpegEncoder.targetSize(1920, 1080, 1280)).containsExactly(1280, 720);
    assertThat(JpegEncoder.targetSize(720, 1280, 640)).containsExactly(640, 1138);
    assertThat(JpegEncoder.targetSize(640, 480, 1280)).containsExactly(640, 480);
    assertThat(JpegEncoder.targetSize(1280, 720, 853)).containsExactly(853, 480);
  }
}
