package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import java.util.List;
import java.util.Set;

/**
 * The {@code synthetic} model: finds one solid rectangle per {@link Palette} colour by colour
 * distance, boxes it, and emits it as candidates with lower-score duplicates so NMS has work to do.
 *
 * <pre>
 * images ─► [Cast, ÷255] ─► squared distance to each colour (1×1 Conv over r,g,b,r²,g²,b²)
 *   ─► Less(radius²) ─► opening 5×5 (MaxPool of the negated mask, then MaxPool) drops JPEG specks
 *   ─► per colour: pixel count (score), column/row occupancy ─► ReduceMin/ReduceMax of coordinates (box)
 *   ─► 3 candidates per colour (MatMul): the box, shrunk at 0.6×, shifted at 0.5× ─► RAW (padded) or NMS
 * </pre>
 */
final class SyntheticGraph {
  /** Colour distance (RGB in 0..1) under which a pixel is that colour: edges blended halfway still count. */
  static final float RADIUS = 0.4f;
  /** Opening size: thinner than this (JPEG ringing, stray pixels) is ignored; rectangles come back whole. */
  static final int OPEN_KERNEL = 5;
  /** Pixels (after opening) a colour needs to be reported. */
  static final float MIN_AREA = 64f;
  static final float SCORE = 0.9f;
  /** Per colour: the box itself, the box shrunk 4% each side, the box moved 5% right and down. */
  static final float[] DUPLICATE_FACTORS = {1f, 0.6f, 0.5f};
  static final float SHRINK = 0.04f;
  static final float SHIFT = 0.05f;
  /** Larger than any coordinate: pushes empty rows/columns out of Min/Max reductions. */
  private static final float FAR = 65536f;

  private SyntheticGraph() {}

  static GraphBuilder build(SynthSpec spec) {
    return build(spec, Set.of());
  }

  /** @param dropLabels COCO labels whose colours score 0 (never detected): a second model to compare with */
  static GraphBuilder build(SynthSpec spec, Set<String> dropLabels) {
    GraphBuilder g = new GraphBuilder("vsp_synthetic", doc());
    int b = spec.batch();
    int s = spec.size();
    int k = Palette.entries().size();
    String x = GraphInput.images(g, spec);
    String mask = colourMask(g, x, k);
    String opened = open(g, mask);
    String box = boundingBoxes(g, opened, s); // [B,K,4]
    String area = g.op("ReduceSum", List.of(Attr.i("keepdims", 0)), opened, g.ints(2, 3)); // [B,K]
    String valid = g.op("Cast", List.of(Attr.i("to", ElemType.FLOAT.code)),
        g.op("GreaterOrEqual", area, g.scalar(MIN_AREA)));
    String validBox = g.op("Mul", box, g.op("Unsqueeze", valid, g.ints(2)));
    String score = g.op("Mul", valid, g.scalar(SCORE)); // [B,K]

    int d = DUPLICATE_FACTORS.length;
    int n = k * d;
    String candBoxes = g.op("Clip",
        g.op("Reshape", g.op("MatMul", validBox, duplicateMatrix(g)), g.ints(b, n, 4)), g.scalar(0f), g.scalar(s));
    String candScore = g.op("Reshape",
        g.op("Mul", g.op("Unsqueeze", score, g.ints(2)), g.floats("dup_factors", new long[] {d}, DUPLICATE_FACTORS)),
        g.ints(b, n, 1));
    String candScores = g.op("Mul", candScore, classColumns(g, d, dropLabels)); // [B,n,80]
    if (spec.format() == OutputFormat.RAW) {
      int total = spec.candidates();
      // pad to YOLO-NAS's candidate count so consumers meet the same shapes as a real export
      String pads = g.ints(0, 0, 0, 0, total - n, 0);
      g.opTo(RawNames.BOXES, "Pad", List.of(), candBoxes, pads);
      g.opTo(RawNames.SCORES, "Pad", List.of(), candScores, pads);
      g.output(ValueInfo.of(RawNames.BOXES, ElemType.FLOAT, b, total, 4));
      g.output(ValueInfo.of(RawNames.SCORES, ElemType.FLOAT, b, total, Palette.COCO_CLASSES));
    } else {
      NmsHead.attach(g, candBoxes, candScores, b, n, spec);
    }
    return g;
  }

  /** 1 where a pixel is within RADIUS of palette colour k: |p|² − 2p·c + |c|² as one 1×1 Conv. */
  private static String colourMask(GraphBuilder g, String x, int k) {
    String features = g.op("Concat", List.of(Attr.i("axis", 1)), x, g.op("Mul", x, x)); // [B,6,S,S]
    float[] w = new float[k * 6];
    float[] bias = new float[k];
    for (int i = 0; i < k; i++) {
      Palette.Entry e = Palette.entries().get(i);
      float[] c = {e.r() / 255f, e.g() / 255f, e.b() / 255f};
      for (int ch = 0; ch < 3; ch++) {
        w[i * 6 + ch] = -2f * c[ch];
        w[i * 6 + 3 + ch] = 1f;
        bias[i] += c[ch] * c[ch];
      }
    }
    String d2 = g.op("Conv", List.of(Attr.ints("kernel_shape", 1, 1)), features,
        g.floats("palette_w", new long[] {k, 6, 1, 1}, w), g.floats("palette_b", new long[] {k}, bias));
    return g.op("Cast", List.of(Attr.i("to", ElemType.FLOAT.code)), g.op("Less", d2, g.scalar(RADIUS * RADIUS)));
  }

  /** Morphological opening (erode, then dilate) with separable max pools; padding never counts as a pixel. */
  private static String open(GraphBuilder g, String mask) {
    String eroded = g.op("Neg", maxPool(g, g.op("Neg", mask)));
    return maxPool(g, eroded);
  }

  private static String maxPool(GraphBuilder g, String in) {
    int p = OPEN_KERNEL / 2;
    String rows = g.op("MaxPool", List.of(Attr.ints("kernel_shape", 1, OPEN_KERNEL), Attr.ints("pads", 0, p, 0, p)), in);
    return g.op("MaxPool", List.of(Attr.ints("kernel_shape", OPEN_KERNEL, 1), Attr.ints("pads", p, 0, p, 0)), rows);
  }

  /** x1,y1,x2,y2 of each mask (x2, y2 exclusive: the pixel edges), {@code [B,K,4]}, clipped to the image. */
  private static String boundingBoxes(GraphBuilder g, String mask, int s) {
    float[] from = new float[s];
    float[] to = new float[s];
    for (int i = 0; i < s; i++) {
      from[i] = i;
      to[i] = i + 1;
    }
    List<Attr> keep2 = List.of(Attr.ints("axes", 2), Attr.i("keepdims", 1));
    List<Attr> keep3 = List.of(Attr.ints("axes", 3), Attr.i("keepdims", 1));
    // occupied columns [B,K,1,S] and rows [B,K,S,1]; empty ones are pushed FAR away
    String emptyCols = g.op("Mul", g.op("Sub", g.scalar(1f), g.op("ReduceMax", keep2, mask)), g.scalar(FAR));
    String emptyRows = g.op("Mul", g.op("Sub", g.scalar(1f), g.op("ReduceMax", keep3, mask)), g.scalar(FAR));
    String x1 = g.op("ReduceMin", keep3, g.op("Add", emptyCols, g.floats("x_from", new long[] {1, 1, 1, s}, from)));
    String x2 = g.op("ReduceMax", keep3, g.op("Sub", g.floats("x_to", new long[] {1, 1, 1, s}, to), emptyCols));
    String y1 = g.op("ReduceMin", keep2, g.op("Add", emptyRows, g.floats("y_from", new long[] {1, 1, s, 1}, from)));
    String y2 = g.op("ReduceMax", keep2, g.op("Sub", g.floats("y_to", new long[] {1, 1, s, 1}, to), emptyRows));
    String box = g.op("Concat", List.of(Attr.i("axis", 3)), x1, y1, x2, y2); // [B,K,1,4]
    String flat = g.op("Squeeze", box, g.ints(2));
    return g.op("Clip", flat, g.scalar(0f), g.scalar(s));
  }

  /** [4, 4·D]: box row × matrix = the D candidate boxes of that colour side by side. */
  private static String duplicateMatrix(GraphBuilder g) {
    int d = DUPLICATE_FACTORS.length;
    float[] m = new float[4 * 4 * d];
    // candidate 0: identity
    for (int i = 0; i < 4; i++) {
      set(m, d, i, 0, i, 1f);
    }
    // candidate 1: shrunk, x1' = x1 + a(x2 − x1), x2' = x2 − a(x2 − x1), same for y
    for (int lo = 0; lo < 2; lo++) {
      int hi = lo + 2;
      set(m, d, lo, 1, lo, 1 - SHRINK);
      set(m, d, hi, 1, lo, SHRINK);
      set(m, d, lo, 1, hi, SHRINK);
      set(m, d, hi, 1, hi, 1 - SHRINK);
      // candidate 2: shifted by SHIFT of the size, x' = x + a(x2 − x1) for both corners
      set(m, d, lo, 2, lo, 1 - SHIFT);
      set(m, d, hi, 2, lo, SHIFT);
      set(m, d, lo, 2, hi, -SHIFT);
      set(m, d, hi, 2, hi, 1 + SHIFT);
    }
    return g.floats("duplicates", new long[] {4, 4L * d}, m);
  }

  private static void set(float[] m, int d, int inCoord, int candidate, int outCoord, float v) {
    m[inCoord * 4 * d + candidate * 4 + outCoord] = v;
  }

  /** [K·D, 80]: one-hot of each candidate's COCO class; all zero for a dropped label's colour. */
  private static String classColumns(GraphBuilder g, int d, Set<String> dropLabels) {
    int k = Palette.entries().size();
    float[] oneHot = new float[k * d * Palette.COCO_CLASSES];
    for (int i = 0; i < k; i++) {
      if (dropLabels.contains(Palette.entries().get(i).cocoLabel())) {
        continue;
      }
      for (int j = 0; j < d; j++) {
        oneHot[(i * d + j) * Palette.COCO_CLASSES + Palette.entries().get(i).cocoClass()] = 1f;
      }
    }
    return g.floats("class_columns", new long[] {(long) k * d, Palette.COCO_CLASSES}, oneHot);
  }

  private static String doc() {
    StringBuilder sb = new StringBuilder("VSP synthetic detector: one solid rectangle per colour; ");
    for (Palette.Entry e : Palette.entries()) {
      sb.append(e.name()).append(" (").append(e.r()).append(',').append(e.g()).append(',').append(e.b())
          .append(")=").append(e.cocoLabel()).append('/').append(e.cocoClass()).append("; ");
    }
    return sb.append("see docs/MODELS.md").toString();
  }
}
