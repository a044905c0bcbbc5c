package io.vsp.detector.synth;

import java.util.List;

/**
 * The colours the synthetic model detects, one COCO class each (documented in docs/MODELS.md). They
 * are the six fully saturated RGB primaries and secondaries: at least 255 apart from each other and
 * over 200 (of 255) from every grey, so a grey, black or white background never matches.
 */
public final class Palette {

  /** A palette colour (sRGB 0..255) and the COCO class (0-based index into the 80 labels) it stands for. */
  public record Entry(String name, int r, int g, int b, int cocoClass, String cocoLabel) {
    public Entry {
      if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
        throw new IllegalArgumentException("RGB must be 0..255: " + name);
      }
      if (cocoClass < 0 || cocoClass >= COCO_CLASSES) {
        throw new IllegalArgumentException("COCO class must be 0..79: " + name);
      }
    }

    /** Packed {@code 0xRRGGBB}, as {@code BufferedImage.setRGB} takes it. */
    public int rgb() {
      return (r << 16) | (g << 8) | b;
    }
  }

  /** Scores have one column per COCO class, as YOLO-NAS COCO exports. */
  public static final int COCO_CLASSES = 80;

  private static final List<Entry> ENTRIES = List.of(
      new Entry("red", 255, 0, 0, 0, "person"),
      new Entry("green", 0, 255, 0, 2, "car"),
      new Entry("blue", 0, 0, 255, 16, "dog"),
      new Entry("yellow", 255, 255, 0, 1, "bicycle"),
      new Entry("cyan", 0, 255, 255, 7, "truck"),
      new Entry("magenta", 255, 0, 255, 15, "cat"));

  private Palette() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The entry for a COCO class, or null when no colour stands for it. */
  public static Entry forClass(int cocoClass) {
    for (Entry e : ENTRIES) {
      if (e.cocoClass() == cocoClass) {
        return e;
      }
    }
    return null;
  }
}
