package io.vsp.app;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A frame the {@code synthetic} model has a known answer for: solid palette rectangles on grey, as a JPEG. */
final class RectangleJpeg {
  /** One rectangle: its colour (a palette colour is a COCO label, docs/MODELS.md) and its pixels. */
  record Rect(Color colour, int x, int y, int width, int height) {}

  private RectangleJpeg() {}

  static byte[] onGrey(int width, int height, Rect... rects) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    var g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, width, height);
    for (Rect r : rects) {
      g.setColor(r.colour());
      g.fillRect(r.x(), r.y(), r.width(), r.height());
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
