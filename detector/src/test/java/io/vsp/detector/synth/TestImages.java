package io.vsp.detector.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Test scenes for the synthetic model: palette-coloured rectangles on plain or textured backgrounds,
 * optional JPEG round trips, and their planar RGB tensors as the model takes them.
 */
final class TestImages {
  static final Color LETTERBOX_GREY = new Color(114, 114, 114);

  /** A filled rectangle covering pixels x1..x2-1, y1..y2-1; its box in input pixels is (x1, y1, x2, y2). */
  record Rect(Palette.Entry colour, int x1, int y1, int x2, int y2) {}

  private TestImages() {}

  static Palette.Entry colour(String name) {
    return Palette.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  /** All six colours at odd, unaligned positions (JPEG blocks straddle every edge), 640×640. */
  static List<Rect> allColours() {
    return List.of(
        new Rect(colour("red"), 41, 63, 203, 221),
        new Rect(colour("green"), 261, 37, 437, 131),
        new Rect(colour("blue"), 473, 83, 561, 403),
        new Rect(colour("yellow"), 57, 297, 187, 383),
        new Rect(colour("cyan"), 233, 451, 405, 603),
        new Rect(colour("magenta"), 447, 455, 617, 629));
  }

  /** Two rectangles touching the image border. */
  static List<Rect> atBorders() {
    return List.of(new Rect(colour("blue"), 0, 0, 120, 96), new Rect(colour("yellow"), 500, 530, 640, 640));
  }

  static BufferedImage draw(int size, Color background, List<Rect> rects) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, size, size);
    g.dispose();
    return paint(img, rects);
  }

  static BufferedImage paint(BufferedImage img, List<Rect> rects) {
    for (Rect r : rects) {
      for (int y = r.y1(); y < r.y2(); y++) {
        for (int x = r.x1(); x < r.x2(); x++) {
          img.setRGB(x, y, r.colour().rgb());
        }
      }
    }
    return img;
  }

  /** A low-saturation texture: smooth grey gradients plus noise, channels within ±24 of each other. */
  static BufferedImage texture(int size, long seed) {
    Random rnd = new Random(seed);
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int base = 60 + (int) (70 * (1 + Math.sin(x / 23.0) * Math.cos(y / 31.0)));
        int r = clamp(base + rnd.nextInt(49) - 24);
        int g = clamp(base + rnd.nextInt(49) - 24);
        int b = clamp(base + rnd.nextInt(49) - 24);
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  /** Grey letterbox bands above and below a textured middle, as a 16:9 frame letterboxed to a square. */
  static BufferedImage letterboxed(int size, long seed) {
    BufferedImage img = texture(size, seed);
    Graphics2D g = img.createGraphics();
    g.setColor(LETTERBOX_GREY);
    int band = (size - size * 9 / 16) / 2;
    g.fillRect(0, 0, size, band);
    g.fillRect(0, size - band, size, band);
    g.dispose();
    return img;
  }

  static BufferedImage jpeg(BufferedImage img, float quality) {
    try {
      ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
        writer.setOutput(out);
        writer.write(null, new IIOImage(img, null, null), param);
      } finally {
        writer.dispose();
      }
      return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Planar RGB in 0..1, images one after the other: {@code [B,3,H,W]}. */
  static float[] chw(List<BufferedImage> images) {
    byte[] bytes = chwBytes(images);
    float[] out = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = (bytes[i] & 0xFF) / 255f;
    }
    return out;
  }

  static byte[] chwBytes(List<BufferedImage> images) {
    int w = images.get(0).getWidth();
    int h = images.get(0).getHeight();
    int plane = w * h;
    byte[] out = new byte[images.size() * 3 * plane];
    for (int n = 0; n < images.size(); n++) {
      int base = n * 3 * plane;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = images.get(n).getRGB(x, y);
          int i = y * w + x;
          out[base + i] = (byte) (rgb >> 16);
          out[base + plane + i] = (byte) (rgb >> 8);
          out[base + 2 * plane + i] = (byte) rgb;
        }
      }
    }
    return out;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
