package io.vsp.common.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegHeaderTest {
  static byte[] jpeg(int width, int height) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** SOI, then a baseline frame header claiming width × height: what a hostile header can look like. */
  static byte[] claiming(int width, int height) {
    return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, (byte) (height >> 8),
        (byte) height, (byte) (width >> 8), (byte) width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
  }

  @Test
  void readsTheSizeOfARealJpeg() throws Exception {
    assertThat(JpegHeader.read(jpeg(320, 180))).isEqualTo(new JpegHeader(320, 180, 3));
  }

  @Test
  void readsWhatAHeaderClaimsWithoutDecoding() throws Exception {
    assertThat(JpegHeader.read(claiming(30000, 30000))).isEqualTo(new JpegHeader(30000, 30000, 3));
  }

  @Test
  void refusesAPng() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    assertThatThrownBy(() -> JpegHeader.read(png)).isInstanceOf(InvalidRecordException.class)
        .hasMessage("not a JPEG (no start-of-image marker)");
  }

  @Test
  void refusesAJpegCutBeforeItsFrameHeader() {
    byte[] whole = jpeg(64, 64);
    byte[] cut = java.util.Arrays.copyOf(whole, 20);
    assertThatThrownBy(() -> JpegHeader.read(cut)).isInstanceOf(InvalidRecordException.class)
        .hasMessage("JPEG ends before its frame header");
  }

  @Test
  void refusesNoiseAfterAStartMarker() {
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    noise[0] = (byte) 0xFF;
    noise[1] = (byte) 0xD8;
    noise[2] = 0x12;
    assertThatThrownBy(() -> JpegHeader.read(noise)).isInstanceOf(InvalidRecordException.class)
        .satisfies(e -> assertThat(((InvalidRecordException) e).reason()).isEqualTo(Reason.BAD_IMAGE));
  }
}
