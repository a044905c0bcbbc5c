package io.vsp.sink.clips;

import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** A {@link Canvas} over an OpenCV BGR image (snapshots). Does not own the image; frees its own helpers on close. */
final class BgrCanvas implements Canvas, AutoCloseable {
  private final Mat bgr;
  private final Rect rect = new Rect();
  private final Point point = new Point();

  BgrCanvas(Mat bgr) {
    this.bgr = bgr;
  }

  @Override
  public int width() {
    return bgr.cols();
  }

  @Override
  public int height() {
    return bgr.rows();
  }

  @Override
  public void fill(int[] r, int[] rgb) {
    rect.x(r[0]).y(r[1]).width(r[2]).height(r[3]);
    try (Scalar colour = new Scalar(rgb[2], rgb[1], rgb[0], 0)) {
      rectangle(bgr, rect, colour, FILLED, LINE_8, 0);
    }
  }

  @Override
  public void text(String text, int x, int y, double scale, int thickness, int[] rgb) {
    point.x(x).y(y);
    try (Scalar colour = new Scalar(rgb[2], rgb[1], rgb[0], 0)) {
      putText(bgr, text, point, FONT_HERSHEY_SIMPLEX, scale, colour, thickness, LINE_AA, false);
    }
  }

  @Override
  public void close() {
    rect.close();
    point.close();
  }
}
