package io.vsp.detector.preprocess;

/**
 * How a frame was placed in the model input, to map boxes back: scaled by {@code scale} (longest side to
 * {@code input.resize}, YOLO-NAS training) and offset by the centre padding. The resized size is
 * derived here once, so the preprocessor and the box mapping use the very same pixels.
 *
 * @param scale input pixels per frame pixel
 * @param padX left padding in input pixels (the right gets the remainder)
 * @param padY top padding in input pixels (the bottom gets the remainder)
 */
public record Letterbox(int frameWidth, int frameHeight, double scale, int padX, int padY) {

  public Letterbox {
    if (frameWidth < 1 || frameHeight < 1 || !(scale > 0) || padX < 0 || padY < 0) {
      throw new IllegalArgumentException("invalid letterbox " + frameWidth + "x" + frameHeight + " scale " + scale
          + " pad " + padX + "," + padY);
    }
  }

  /**
   * The YOLO-NAS letterbox of a {@code frameWidth x frameHeight} frame: longest side to {@code resize},
   * centred in an {@code inputWidth x inputHeight} input.
   */
  public static Letterbox fit(int frameWidth, int frameHeight, int resize, int inputWidth, int inputHeight) {
    if (frameWidth < 1 || frameHeight < 1) {
      throw new IllegalArgumentException("frame size must be positive: " + frameWidth + "x" + frameHeight);
    }
    double scale = (double) resize / Math.max(frameWidth, frameHeight);
    int width = scaled(frameWidth, scale);
    int height = scaled(frameHeight, scale);
    if (width > inputWidth || height > inputHeight) {
      throw new IllegalArgumentException("resize " + resize + " does not fit the " + inputWidth + "x" + inputHeight
          + " input");
    }
    return new Letterbox(frameWidth, frameHeight, scale, (inputWidth - width) / 2, (inputHeight - height) / 2);
  }

  /** Width of the frame inside the input, in input pixels. */
  public int resizedWidth() {
    return scaled(frameWidth, scale);
  }

  /** Height of the frame inside the input, in input pixels. */
  public int resizedHeight() {
    return scaled(frameHeight, scale);
  }

  /**
   * A box in input pixels as {@code [x1,y1,x2,y2]} fractions of the frame's width and height, clamped to
   * 0..1 (a box may reach into the padding).
   */
  public double[] toFrameFractions(float x1, float y1, float x2, float y2) {
    double width = resizedWidth();
    double height = resizedHeight();
    return new double[] {
        clamp((x1 - padX) / width), clamp((y1 - padY) / height),
        clamp((x2 - padX) / width), clamp((y2 - padY) / height)};
  }

  private static int scaled(int length, double scale) {
    return Math.max(1, (int) Math.round(length * scale));
  }

  private static double clamp(double value) {
    return value < 0 ? 0 : value > 1 ? 1 : value;
  }
}
