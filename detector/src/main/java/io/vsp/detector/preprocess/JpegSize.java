package io.vsp.detector.preprocess;

/**
 * Reads a JPEG's width and height from its frame header (SOF marker) without decoding it, so the decoder can
 * be asked for a reduced scale before it starts. Anything that is not a well-formed JPEG header gives null:
 * the image is then decoded at full size, and a broken one fails there.
 *
 * @param width pixels, at least 1
 * @param height pixels, at least 1
 */
public record JpegSize(int width, int height) {
  /** The size in {@code jpeg}'s first frame header, or null. */
  public static JpegSize read(byte[] jpeg) {
    if (jpeg == null || jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
      return null;
    }
    int i = 2;
    while (i + 3 < jpeg.length) {
      if ((jpeg[i] & 0xFF) != 0xFF) {
        return null; // markers follow each other back to back until the frame header
      }
      int marker = jpeg[i + 1] & 0xFF;
      if (marker == 0xFF) {
        i++; // fill byte
        continue;
      }
      if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) {
        i += 2; // no length
        continue;
      }
      int length = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
      if (length < 2) {
        return null;
      }
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        if (i + 8 >= jpeg.length) {
          return null;
        }
        int height = (jpeg[i + 5] & 0xFF) << 8 | jpeg[i + 6] & 0xFF;
        int width = (jpeg[i + 7] & 0xFF) << 8 | jpeg[i + 8] & 0xFF;
        return width > 0 && height > 0 ? new JpegSize(width, height) : null;
      }
      if (marker == 0xDA || marker == 0xD9) {
        return null; // scan data or the end before any frame header
      }
      i += 2 + length;
    }
    return null;
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
