package io.vsp.app.demo;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Draws a {@link Scene} frame by frame straight into planar YUV 4:2:0 (BT.601, limited range), the
 * encoder's own format, so no colour conversion runs per frame. The background is a grey tiled floor
 * with fine noise: luma only (chroma neutral), so it is a grey everywhere and never near a palette
 * colour. Rectangles snap to even pixels so each covers whole chroma samples (no coloured fringes).
 */
final class SceneRenderer {

  private final Scene scene;
  private final int width;
  private final int height;
  private final byte[] backgroundY;
  private final byte[] y;
  private final byte[] u;
  private final byte[] v;

  SceneRenderer(Scene scene, long seed) {
    this.scene = scene;
    this.width = scene.width();
    this.height = scene.height();
    this.backgroundY = background(width, height, seed);
    this.y = new byte[width * height];
    this.u = new byte[(width / 2) * (height / 2)];
    this.v = new byte[(width / 2) * (height / 2)];
  }

  /** Renders the scene at {@code tSeconds} into this renderer's planes; {@link #copyTo} hands them out. */
  void render(double tSeconds) {
    System.arraycopy(backgroundY, 0, y, 0, y.length);
    Arrays.fill(u, (byte) 128);
    Arrays.fill(v, (byte) 128);
    for (SceneObject object : scene.objects()) {
      double[] box = scene.boxAt(object, tSeconds);
      if (box != null) {
        fill(box, yuv(object.rgb()));
      }
    }
  }

  /** Copies the last {@link #render}ed picture into {@code frame}'s planes (yuv420p of the scene's size). */
  void copyTo(AVFrame frame) {
    copyPlane(y, width, height, frame.data(0), frame.linesize(0));
    copyPlane(u, width / 2, height / 2, frame.data(1), frame.linesize(1));
    copyPlane(v, width / 2, height / 2, frame.data(2), frame.linesize(2));
  }

  private static void copyPlane(byte[] src, int rowBytes, int rows, BytePointer dst, int linesize) {
    if (linesize == rowBytes) {
      dst.position(0).put(src, 0, rowBytes * rows);
      return;
    }
    for (int row = 0; row < rows; row++) {
      dst.position((long) row * linesize).put(src, row * rowBytes, rowBytes);
    }
  }

  /** {@code 0xRRGGBB} as BT.601 limited-range Y, Cb, Cr (what swscale and JPEG decoders assume for SD/HD here). */
  static int[] yuv(int rgb) {
    int r = (rgb >> 16) & 0xff;
    int g = (rgb >> 8) & 0xff;
    int b = rgb & 0xff;
    long yy = Math.round(16 + 0.256788 * r + 0.504129 * g + 0.097906 * b);
    long cb = Math.round(128 - 0.148223 * r - 0.290993 * g + 0.439216 * b);
    long cr = Math.round(128 + 0.439216 * r - 0.367788 * g - 0.071427 * b);
    return new int[] {(int) yy, (int) cb, (int) cr};
  }

  /** A box in fractions as even pixel edges {@code x1,y1,x2,y2} (x2, y2 exclusive), clamped to the frame. */
  static int[] pixelBox(double[] box, int width, int height) {
    return new int[] {even(box[0], width), even(box[1], height), even(box[2], width), even(box[3], height)};
  }

  private static int even(double fraction, int size) {
    long half = Math.round(fraction * size / 2.0);
    return (int) Math.max(0, Math.min(size, half * 2));
  }

  private void fill(double[] box, int[] colour) {
    int[] px = pixelBox(box, width, height);
    if (px[2] <= px[0] || px[3] <= px[1]) {
      return;
    }
    for (int row = px[1]; row < px[3]; row++) {
      Arrays.fill(y, row * width + px[0], row * width + px[2], (byte) colour[0]);
    }
    int cw = width / 2;
    for (int row = px[1] / 2; row < px[3] / 2; row++) {
      Arrays.fill(u, row * cw + px[0] / 2, row * cw + px[2] / 2, (byte) colour[1]);
      Arrays.fill(v, row * cw + px[0] / 2, row * cw + px[2] / 2, (byte) colour[2]);
    }
  }

  /**
   * Tiles about a twelfth of the height with random greys (luma 95..144), dark grout lines, light from
   * the top (+20 at the top row, 0 at the bottom) and ±8 of per-pixel noise: luma 52..172, all grey.
   */
  static byte[] background(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int tile = Math.max(8, height / 12);
    int tilesX = (width + tile - 1) / tile;
    int tilesY = (height + tile - 1) / tile;
    int[] tileGrey = new int[tilesX * tilesY];
    for (int i = 0; i < tileGrey.length; i++) {
      tileGrey[i] = 95 + random.nextInt(50);
    }
    byte[] plane = new byte[width * height];
    for (int row = 0; row < height; row++) {
      int light = 20 * (height - 1 - row) / Math.max(1, height - 1);
      boolean groutRow = row % tile < 2;
      for (int col = 0; col < width; col++) {
        int base = groutRow || col % tile < 2 ? 60 : tileGrey[(row / tile) * tilesX + col / tile] + light;
        int luma = base + random.nextInt(17) - 8;
        plane[row * width + col] = (byte) Math.max(16, Math.min(235, luma));
      }
    }
    return plane;
  }
}
