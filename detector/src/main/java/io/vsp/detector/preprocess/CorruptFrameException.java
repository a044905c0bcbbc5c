package io.vsp.detector.preprocess;

/**
 * A frame's bytes are not a decodable image (empty, truncated beyond repair, not JPEG). Recoverable: the
 * frame gets a {@code corrupt} detections record and the detector goes on.
 */
public final class CorruptFrameException extends Exception {
  private static final long serialVersionUID = 1L;

  public CorruptFrameException(String message) {
    super(message);
  }

  public CorruptFrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
