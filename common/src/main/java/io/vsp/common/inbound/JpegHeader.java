package io.vsp.common.inbound;

/**
 * The size a JPEG claims, read from its start-of-frame segment without decoding: a decoder allocates what the
 * header claims before it reads a pixel, so a 30000×30000 claim must be refused before decoding.
 *
 * @param components colour components: 1 (grey) or 3 (colour)
 */
public record JpegHeader(int width, int height, int components) {

  /** Reads the first start-of-frame segment. */
  public static JpegHeader read(byte[] jpeg) throws InvalidRecordException {
    if (jpeg.length < 4 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
      throw bad("not a JPEG (no start-of-image marker)");
    }
    int i = 2;
    while (i + 1 < jpeg.length) {
      if ((jpeg[i] & 0xff) != 0xFF) {
        throw bad("JPEG segment marker expected at byte " + i);
      }
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xFF) { // fill byte before a marker
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // markers without a length
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw bad("JPEG without a frame header before its " + (marker == 0xDA ? "scan" : "end"));
      }
      if (i + 3 >= jpeg.length) {
        break;
      }
      int length = u16(jpeg, i + 2);
      if (length < 2) {
        throw bad("JPEG segment of length " + length + " at byte " + i);
      }
      if (isStartOfFrame(marker)) {
        if (i + 9 >= jpeg.length) {
          break;
        }
        int height = u16(jpeg, i + 5);
        int width = u16(jpeg, i + 7);
        int components = jpeg[i + 9] & 0xff;
        if (width == 0 || height == 0 || components != 1 && components != 3) {
          throw bad("JPEG frame header claims " + width + "x" + height + " with " + components + " components");
        }
        return new JpegHeader(width, height, components);
      }
      i += 2 + length;
    }
    throw bad("JPEG ends before its frame header");
  }

  /** SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
  }

  private static InvalidRecordException bad(String message) {
    return new InvalidRecordException(Reason.BAD_IMAGE, message);
  }
}
