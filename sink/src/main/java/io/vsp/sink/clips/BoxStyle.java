package io.vsp.sink.clips;

import java.util.List;
import java.util.Map;

/**
 * How boxes look. Colours are mid-saturated "tertiary" hues (orange, azure, violet, spring green, rose,
 * chartreuse): none is a detector palette colour (pure red, green, blue, yellow, cyan, magenta) or grey,
 * each lies 128 away from its nearest one, so a box stays recognisable over an object of any of those
 * colours after H.264 and 4:2:0 subsampling. Lines are even in width and drawn on even pixels, so every
 * 2×2 chroma block of a line lies wholly inside it and keeps the full colour.
 */
public final class BoxStyle {
  private static final List<int[]> PALETTE = List.of(
      new int[] {255, 128, 0},   // orange
      new int[] {0, 128, 255},   // azure
      new int[] {128, 0, 255},   // violet
      new int[] {0, 255, 128},   // spring green
      new int[] {255, 0, 128},   // rose
      new int[] {128, 255, 0});  // chartreuse
  private static final Map<String, Integer> FIXED = Map.of("person", 0, "car", 1, "dog", 2, "cat", 3,
      "bicycle", 4, "truck", 5);

  private BoxStyle() {}

  /** The RGB colour boxes of {@code label} are drawn in: fixed for common labels, else by the label's hash. */
  public static int[] rgb(String label) {
    Integer index = FIXED.get(label);
    int i = index != null ? index : Math.floorMod(label.hashCode(), PALETTE.size());
    return PALETTE.get(i).clone();
  }

  /** Line thickness in pixels for a frame {@code height} high: even, 4 at 240 p, 6 at 720 p, 8 at 1080 p. */
  public static int thickness(int height) {
    return 2 * (int) Math.max(2, Math.round(height / 288.0));
  }

  /** Font scale of the label text for a frame {@code height} high (OpenCV Hershey simplex). */
  static double fontScale(int height) {
    return Math.max(0.4, height / 720.0 * 0.7);
  }

  /** Black or white, whichever reads better on the label's background colour. */
  static int[] textRgb(int[] background) {
    double luma = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2];
    return luma > 140 ? new int[] {0, 0, 0} : new int[] {255, 255, 255};
  }
}
