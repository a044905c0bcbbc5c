package io.vsp.sink.clips;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * A {@link Canvas} straight on the three planes of a YUV 4:2:0 frame, so a clip needs no
 * RGB round trip per frame. Fills go to all three planes (chroma at half resolution); text only to luma: its
 * strokes are thinner than a chroma sample and take the label background's hue. Colours are converted with
 * the frame's matrix and range: BT.709 when the frame says so, BT.601 otherwise (what FFmpeg assumes
 * untagged); full range when the frame says so, limited otherwise.
 * Owned by the clip's thread; frees its OpenCV headers on close, never the frame.
 */
final class Yuv420Canvas implements Canvas, AutoCloseable {
  private final Mat[] planes = new Mat[3];
  private final long[] addresses = new long[3];
  private final int[] strides = new int[3];
  private final Rect rect = new Rect();
  private final Point point = new Point();
  private final Map<Integer, Scalar[]> colours = new HashMap<>();
  private int width;
  private int height;
  private boolean bt709;
  private boolean fullRange;

  /** Points the canvas at {@code frame} (YUV420P, writable); call before drawing on each frame. */
  void wrap(AVFrame frame, boolean bt709, boolean fullRange) {
    if (this.bt709 != bt709 || this.fullRange != fullRange) {
      colours.values().forEach(Yuv420Canvas::closeAll);
      colours.clear();
      this.bt709 = bt709;
      this.fullRange = fullRange;
    }
    width = frame.width();
    height = frame.height();
    for (int p = 0; p < 3; p++) {
      int w = p == 0 ? width : (width + 1) / 2;
      int h = p == 0 ? height : (height + 1) / 2;
      long address = frame.data(p).address();
      if (planes[p] == null || addresses[p] != address || planes[p].cols() != w || planes[p].rows() != h
          || strides[p] != frame.linesize(p)) {
        if (planes[p] != null) {
          planes[p].close();
        }
        planes[p] = new Mat(h, w, CV_8UC1, frame.data(p), frame.linesize(p));
        addresses[p] = address;
        strides[p] = frame.linesize(p);
      }
    }
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public void fill(int[] r, int[] rgb) {
    Scalar[] yuv = colour(rgb);
    rect.x(r[0]).y(r[1]).width(r[2]).height(r[3]);
    rectangle(planes[0], rect, yuv[0], FILLED, LINE_8, 0);
    int cx = Math.floorDiv(r[0], 2);
    int cy = Math.floorDiv(r[1], 2);
    rect.x(cx).y(cy).width(Math.floorDiv(r[0] + r[2] + 1, 2) - cx).height(Math.floorDiv(r[1] + r[3] + 1, 2) - cy);
    rectangle(planes[1], rect, yuv[1], FILLED, LINE_8, 0);
    rectangle(planes[2], rect, yuv[2], FILLED, LINE_8, 0);
  }

  @Override
  public void text(String text, int x, int y, double scale, int thickness, int[] rgb) {
    point.x(x).y(y);
    putText(planes[0], text, point, FONT_HERSHEY_SIMPLEX, scale, colour(rgb)[0], thickness, LINE_AA, false);
  }

  /** Y, Cb, Cr of an RGB colour (ITU-R BT.601 or BT.709, limited or full range). */
  static int[] yuv(int[] rgb, boolean bt709, boolean fullRange) {
    double r = rgb[0] / 255.0;
    double g = rgb[1] / 255.0;
    double b = rgb[2] / 255.0;
    double kr = bt709 ? 0.2126 : 0.299;
    double kb = bt709 ? 0.0722 : 0.114;
    double luma = kr * r + (1 - kr - kb) * g + kb * b;
    double cb = (b - luma) / (2 * (1 - kb));
    double cr = (r - luma) / (2 * (1 - kr));
    if (fullRange) {
      return new int[] {clip(255 * luma), clip(128 + 255 * cb), clip(128 + 255 * cr)};
    }
    return new int[] {clip(16 + 219 * luma), clip(128 + 224 * cb), clip(128 + 224 * cr)};
  }

  private Scalar[] colour(int[] rgb) {
    return colours.computeIfAbsent((rgb[0] << 16) | (rgb[1] << 8) | rgb[2], k -> {
      int[] yuv = yuv(rgb, bt709, fullRange);
      return new Scalar[] {new Scalar(yuv[0]), new Scalar(yuv[1]), new Scalar(yuv[2])};
    });
  }

  private static int clip(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  private static void closeAll(Scalar[] scalars) {
    for (Scalar s : scalars) {
      s.close();
    }
  }

  @Override
  public void close() {
    for (int p = 0; p < 3; p++) {
      if (planes[p] != null) {
        planes[p].close();
        planes[p] = null;
      }
    }
    colours.values().forEach(Yuv420Canvas::closeAll);
    colours.clear();
    rect.close();
    point.close();
  }
}
