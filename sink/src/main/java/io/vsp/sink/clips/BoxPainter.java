package io.vsp.sink.clips;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;

import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws one object on a frame: the box outline in the label's colour ({@link BoxStyle}), and above it a
 * filled label reading {@code person 0.91 #17} (label, score, track id). Keeps the last text's measured size,
 * as a clip draws the same text on many frames. One owner thread.
 */
final class BoxPainter {
  private String lastText;
  private double lastScale;
  private int[] lastSize; // width, height above baseline, baseline

  /** Draws {@code box} (x1, y1, x2, y2 fractions) with its label on {@code canvas}. */
  void paint(Canvas canvas, double[] box, String label, double score, long track) {
    int[] rgb = BoxStyle.rgb(label);
    String text = text(label, score, track);
    double scale = BoxStyle.fontScale(canvas.height());
    int textThickness = Math.max(1, (int) Math.round(scale * 2));
    int[] size = measure(text, scale, textThickness);
    BoxLayout layout = BoxLayout.of(canvas.width(), canvas.height(), box, BoxStyle.thickness(canvas.height()),
        size[0], size[1], size[2]);
    for (int[] edge : layout.edges()) {
      canvas.fill(edge, rgb);
    }
    canvas.fill(layout.label(), rgb);
    canvas.text(text, layout.textX(), layout.textY(), scale, textThickness, BoxStyle.textRgb(rgb));
  }

  static String text(String label, double score, long track) {
    return String.format(Locale.ROOT, "%s %.2f #%d", label, score, track);
  }

  private int[] measure(String text, double scale, int thickness) {
    if (!text.equals(lastText) || scale != lastScale) {
      int[] baseline = new int[1];
      try (Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, scale, thickness, baseline)) {
        lastSize = new int[] {size.width(), size.height(), baseline[0]};
      }
      lastText = text;
      lastScale = scale;
    }
    return lastSize;
  }
}
