package io.vsp.common.config;

/**
 * How a camera's frames are sampled for detection.
 *
 * @param fps frames per second sent to the detector, in (0, 60]; default 5
 * @param maxWidth frames wider than this are downscaled to it, 16..7680 pixels; default 1280
 * @param jpegQuality JPEG quality of the sampled frames, 1..100; default 85
 */
public record DetectConfig(double fps, int maxWidth, int jpegQuality) {
  public static final DetectConfig DEFAULTS = new DetectConfig(5, 1280, 85);

  public DetectConfig {
    new Checks()
        .require(fps > 0 && fps <= 60, "fps", "must be in (0, 60] (got " + Checks.num(fps) + ")")
        .range("maxWidth", maxWidth, 16, 7680)
        .range("jpegQuality", jpegQuality, 1, 100)
        .done();
  }
}
