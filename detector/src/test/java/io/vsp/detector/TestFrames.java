package io.vsp.detector;

import io.vsp.detector.synth.Palette;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;

/** JPEG frames with palette-coloured rectangles at known places, for the synthetic model. */
final class TestFrames {
  /** A rectangle to draw and to find again: x1, y1, x2, y2 as frame fractions. */
  record Rect(Palette.Entry colour, double x1, double y1, double x2, double y2) {}

  private TestFrames() {}

  static byte[] jpeg(int width, int height, List<Rect> rects) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(96, 96, 96));
    g.fillRect(0, 0, width, height);
    for (Rect r : rects) {
      g.setColor(new Color(r.colour().rgb()));
      int x = (int) Math.round(r.x1() * width);
      int y = (int) Math.round(r.y1() * height);
      g.fillRect(x, y, (int) Math.round(r.x2() * width) - x, (int) Math.round(r.y2() * height) - y);
    }
    g.dispose();
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (var ios = ImageIO.createImageOutputStream(out)) {
        writer.setOutput(ios);
        writer.write(null, new IIOImage(img, null, null), param);
      }
      writer.dispose();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
