package io.vsp.detector.preprocess;

import io.vsp.common.inbound.InvalidRecordException;
import io.vsp.common.inbound.JpegHeader;

/**
 * Reads a JPEG's width and height from its frame header (SOF marker) without decoding it, so the decoder can
 * be asked for a reduced scale before it starts. Anything that is not a well-formed JPEG header gives null:
 * the image is then decoded at full size, and a broken one fails there.
 *
 * @param width pixels, at least 1
 * @param height pixels, at least 1
 */
public record JpegSize(int width, int height) {
  /** The size in {@code jpeg}'s first frame header (read by the input rules' {@link JpegHeader}), or null. */
  public static JpegSize read(byte[] jpeg) {
    if (jpeg == null) {
      return null;
    }
    try {
      JpegHeader header = JpegHeader.read(jpeg);
      return new JpegSize(header.width(), header.height());
    } catch (InvalidRecordException e) {
      return null; // decoded at full size, where a broken image fails
    }
  }

  /**
   * The largest DCT scale-down (1, 2, 4 or 8) that still leaves the longest side at least {@code resize}
   * pixels: libjpeg then decodes a fraction of the pixels, and the letterbox never has to enlarge.
   */
  public int reduction(int resize) {
    int longest = Math.max(width, height);
    for (int factor = 8; factor > 1; factor /= 2) {
      if (longest >= factor * (long) resize) {
        return factor;
      }
    }
    return 1;
  }
}
