package io.vsp.app.enginebench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A JPEG frame of any size, grey with a red (COCO person) and a blue (COCO dog) rectangle of the synthetic
 * model's palette, placed in proportion to the size: what the synthetic model finds, and any model gets
 * camera-sized work from.
 */
public final class PaletteFrame {
  private PaletteFrame() {}

  public static byte[] jpeg(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(90, 90, 90));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.RED);
    g.fillRect(width * 5 / 32, height * 2 / 9, width / 8, height * 4 / 9);
    g.setColor(Color.BLUE);
    g.fillRect(width * 35 / 64, height * 5 / 12, width * 15 / 64, height / 4);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
