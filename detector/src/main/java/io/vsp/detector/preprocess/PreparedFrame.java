package io.vsp.detector.preprocess;

/**
 * What preprocessing made of one frame: the input slot it landed in with its letterbox, or why its image
 * did not decode.
 *
 * @param slot the input slot, or -1 when the image did not decode
 * @param letterbox where the frame landed in the slot; null when it did not decode
 * @param error why the image did not decode; null when it did
 */
public record PreparedFrame(int slot, Letterbox letterbox, String error) {
  public PreparedFrame {
    if ((slot >= 0) != (letterbox != null) || (slot >= 0) == (error != null)) {
      throw new IllegalArgumentException("a prepared frame has a slot and letterbox, or an error (got slot " + slot
          + ", letterbox " + letterbox + ", error " + error + ")");
    }
  }

  static PreparedFrame undecodable(String error) {
    return new PreparedFrame(-1, null, error);
  }

  public boolean decoded() {
    return slot >= 0;
  }
}
