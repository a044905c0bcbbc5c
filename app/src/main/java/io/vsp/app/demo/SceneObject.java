package io.vsp.app.demo;

import io.vsp.detector.synth.Palette;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One solid rectangle of a {@link Scene}: visible from {@code enterS} (inclusive) to {@code exitS}
 * (exclusive), moving linearly from {@code fromBox} to {@code toBox}. Boxes are {@code x1,y1,x2,y2} as
 * fractions of the frame and may lie partly or wholly outside it (an object entering from or leaving
 * through an edge); what is drawn and reported is the box clipped to the frame.
 *
 * @param colour a {@link Palette} colour name ({@code red}, {@code green}, ...) or {@code #rrggbb}
 * @param label what a detector should call it (for a palette colour, its COCO label)
 */
public record SceneObject(String colour, String label, double enterS, double exitS, double[] fromBox, double[] toBox) {

  public SceneObject {
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(label, "label");
    parseColour(colour);
    if (!(enterS >= 0) || !(exitS > enterS) || Double.isInfinite(exitS)) {
      throw new IllegalArgumentException("object '" + label + "': need 0 <= enterS < exitS, got "
          + enterS + ".." + exitS);
    }
    fromBox = checkBox(fromBox, "fromBox", label);
    toBox = checkBox(toBox, "toBox", label);
  }

  /** An object of a palette colour, labelled with that colour's COCO label. */
  public static SceneObject of(String paletteColour, double enterS, double exitS, double[] fromBox, double[] toBox) {
    Palette.Entry entry = paletteEntry(paletteColour);
    if (entry == null) {
      throw new IllegalArgumentException("unknown palette colour '" + paletteColour + "' (" + paletteNames() + ")");
    }
    return new SceneObject(entry.name(), entry.cocoLabel(), enterS, exitS, fromBox, toBox);
  }

  @Override
  public double[] fromBox() {
    return fromBox.clone();
  }

  @Override
  public double[] toBox() {
    return toBox.clone();
  }

  /** The colour as packed {@code 0xRRGGBB}. */
  public int rgb() {
    return parseColour(colour);
  }

  /** Unclipped box at {@code tSeconds} (linear between the two boxes), whether visible or not. */
  double[] travelBoxAt(double tSeconds) {
    double p = Math.min(1, Math.max(0, (tSeconds - enterS) / (exitS - enterS)));
    double[] box = new double[4];
    for (int i = 0; i < 4; i++) {
      box[i] = fromBox[i] + (toBox[i] - fromBox[i]) * p;
    }
    return box;
  }

  boolean overlapsInTime(SceneObject other) {
    return enterS < other.exitS && other.enterS < exitS;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SceneObject other && colour.equals(other.colour) && label.equals(other.label)
        && Double.compare(enterS, other.enterS) == 0 && Double.compare(exitS, other.exitS) == 0
        && Arrays.equals(fromBox, other.fromBox) && Arrays.equals(toBox, other.toBox);
  }

  @Override
  public int hashCode() {
    return Objects.hash(colour, label, enterS, exitS, Arrays.hashCode(fromBox), Arrays.hashCode(toBox));
  }

  @Override
  public String toString() {
    return "SceneObject[" + label + " " + colour + " " + enterS + "s.." + exitS + "s "
        + Arrays.toString(fromBox) + " -> " + Arrays.toString(toBox) + "]";
  }

  private static double[] checkBox(double[] box, String name, String label) {
    if (box == null || box.length != 4) {
      throw new IllegalArgumentException("object '" + label + "': " + name + " must be x1,y1,x2,y2");
    }
    for (double v : box) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("object '" + label + "': " + name + " holds " + v);
      }
    }
    if (!(box[2] > box[0]) || !(box[3] > box[1])) {
      throw new IllegalArgumentException("object '" + label + "': " + name + " needs x1 < x2 and y1 < y2, got "
          + Arrays.toString(box));
    }
    return box.clone();
  }

  /** {@code #rrggbb} or a palette name, as {@code 0xRRGGBB}. */
  static int parseColour(String colour) {
    if (colour.matches("#[0-9a-fA-F]{6}")) {
      return Integer.parseInt(colour.substring(1), 16);
    }
    Palette.Entry entry = paletteEntry(colour);
    if (entry == null) {
      throw new IllegalArgumentException("colour '" + colour + "' is neither #rrggbb nor a palette colour ("
          + paletteNames() + ")");
    }
    return entry.rgb();
  }

  private static Palette.Entry paletteEntry(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return Palette.entries().stream().filter(e -> e.name().equals(key)).findFirst().orElse(null);
  }

  private static String paletteNames() {
    return String.join(", ", Palette.entries().stream().map(Palette.Entry::name).toList());
  }
}
