package io.vsp.detector.preprocess;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images drawn with Java2D and encoded with ImageIO, independent of the OpenCV code under test. */
public final class TestFrames {
  private TestFrames() {}

  /** A rectangle to draw, in frame pixels, filled with {@code rgb} ({@code 0xRRGGBB}). */
  public record Rect(int x, int y, int width, int height, int rgb) {
    /** {@code [x1,y1,x2,y2]} as fractions of a {@code w x h} frame. */
    public double[] fractions(int w, int h) {
      return new double[] {(double) x / w, (double) y / h, (double) (x + width) / w, (double) (y + height) / h};
    }
  }

  public static BufferedImage image(int width, int height, int background, Rect... rects) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(background));
    g.fillRect(0, 0, width, height);
    for (Rect r : rects) {
      g.setColor(new Color(r.rgb()));
      g.fillRect(r.x(), r.y(), r.width(), r.height());
    }
    g.dispose();
    return image;
  }

  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** JPEG at {@code quality} (0..1), as the ingest's frames are (85 by default). */
  public static byte[] jpeg(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
