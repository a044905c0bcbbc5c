package io.vsp.sink.clips;

/**
 * A frame to draw on, whatever its pixel layout: {@link BoxPainter} draws through this, so clips (drawn
 * straight into YUV 4:2:0 planes, no colour conversion per frame) and snapshots (BGR) look the same.
 */
interface Canvas {
  int width();

  int height();

  /** Fills {x, y, w, h} (clipped to the frame) with an RGB colour. */
  void fill(int[] rect, int[] rgb);

  /** Draws {@code text} with its baseline starting at (x, y) in OpenCV's Hershey simplex font. */
  void text(String text, int x, int y, double scale, int thickness, int[] rgb);
}
