package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code bench} model: a plain strided 3×3 Conv + ReLU backbone to strides 8/16/32 and a head
 * per stride giving 4 box + 80 class channels per cell (8400 candidates at 640), random weights from
 * a fixed seed. Its compute ({@link #flopsPerImage}) is close to YOLO-NAS S so throughput numbers
 * transfer; its answers mean nothing.
 */
final class BenchGraph {
  static final long SEED = 0x0BE7C4L;
  /** Backbone convs {output channels, stride}; a stride-1 conv at stride 8, 16 or 32 feeds a head. */
  private static final int[][] BACKBONE = {
      {32, 2}, {56, 2}, {56, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}};
  private static final int FIRST_HEAD_STRIDE = 8;
  private static final int BOX = 4;
  private static final int CHANNELS = BOX + Palette.COCO_CLASSES;
  /**
   * Class logit bias: with these random weights the logits spread about ±0.45 around it, so about 0.1%
   * of (candidate, class) pairs, a few hundred per frame, pass the 0.25 threshold; NMS and decoding
   * then do about the work of a busy real scene instead of none.
   */
  static final float CLASS_BIAS = -2.9f;
  /** A box side reaches at most this many cells from its cell centre. */
  private static final float REACH_CELLS = 4f;

  private final SynthSpec spec;
  private final GraphBuilder g;
  private final SeededWeights rnd = new SeededWeights(SEED);
  private final List<Integer> headStrides = new ArrayList<>();
  private long macs;

  private BenchGraph(SynthSpec spec, GraphBuilder g) {
    this.spec = spec;
    this.g = g;
  }

  /**
   * FLOPs of one image's convolutions, 2 per multiply-accumulate (elementwise ops are negligible),
   * counted by walking the same layer code that builds the graph, without adding nodes.
   */
  static long flopsPerImage(int size) {
    BenchGraph counter = new BenchGraph(SynthSpec.of(ModelKind.BENCH).withSize(size), null);
    counter.backbone();
    return 2 * counter.macs;
  }

  static GraphBuilder build(SynthSpec spec) {
    String doc = String.format(Locale.ROOT,
        "VSP bench model: random weights (seed %d), %.2f GFLOPs per %dx%d image; see docs/MODELS.md",
        SEED, flopsPerImage(spec.size()) / 1e9, spec.size(), spec.size());
    GraphBuilder g = new GraphBuilder("vsp_bench", doc);
    BenchGraph bench = new BenchGraph(spec, g);
    bench.outputs(bench.backbone());
    return g;
  }

  /** The backbone and the per-stride heads; returns each head's {@code [B,84,H·W]} output. */
  private List<String> backbone() {
    String x = g == null ? null : GraphInput.images(g, spec);
    int cin = 3;
    int stride = 1;
    List<String> levels = new ArrayList<>();
    for (int[] layer : BACKBONE) {
      stride *= layer[1];
      x = convRelu(x, cin, layer[0], 3, layer[1], spec.size() / stride);
      cin = layer[0];
      if (stride >= FIRST_HEAD_STRIDE && layer[1] == 1) {
        headStrides.add(stride);
        levels.add(head(x, cin, spec.size() / stride));
      }
    }
    return levels;
  }

  /** Concatenates the heads, decodes boxes around the cell centres and adds the format's outputs. */
  private void outputs(List<String> levels) {
    int batch = spec.batch();
    String all = g.op("Concat", List.of(Attr.i("axis", 2)), levels.toArray(String[]::new)); // [B,84,N]
    String cells = g.op("Transpose", List.of(Attr.ints("perm", 0, 2, 1)), all); // [B,N,84]
    String rawBox = g.op("Slice", cells, g.ints(0), g.ints(BOX), g.ints(2));
    String rawCls = g.op("Slice", cells, g.ints(BOX), g.ints(CHANNELS), g.ints(2));
    int n = spec.candidates();
    String[] anchors = anchors(n);
    String reach = g.op("Mul", g.op("Sigmoid", rawBox), anchors[1]);
    if (spec.format() == OutputFormat.RAW) {
      g.opTo(RawNames.BOXES, "Add", List.of(), anchors[0], reach);
      g.opTo(RawNames.SCORES, "Sigmoid", List.of(), rawCls);
      g.output(ValueInfo.of(RawNames.BOXES, ElemType.FLOAT, batch, n, BOX));
      g.output(ValueInfo.of(RawNames.SCORES, ElemType.FLOAT, batch, n, Palette.COCO_CLASSES));
    } else {
      NmsHead.attach(g, g.op("Add", anchors[0], reach), g.op("Sigmoid", rawCls), batch, n, spec);
    }
  }

  /** A 3×3 Conv + ReLU tower and a 1×1 Conv to box and class channels, flattened to {@code [B,84,H·W]}. */
  private String head(String in, int c, int hw) {
    String mid = convRelu(in, c, c, 3, 1, hw);
    macs += (long) hw * hw * CHANNELS * c;
    if (g == null) {
      return null;
    }
    float bound = (float) Math.sqrt(3.0 / c); // variance 1/fan_in: logits of about unit scale
    float[] bias = new float[CHANNELS];
    Arrays.fill(bias, BOX, CHANNELS, CLASS_BIAS);
    String out = g.op("Conv", List.of(Attr.ints("kernel_shape", 1, 1)), mid,
        g.constant(rnd.uniform("head_w", new long[] {CHANNELS, c, 1, 1}, bound)),
        g.floats("head_b", new long[] {CHANNELS}, bias));
    return g.op("Reshape", out, g.ints(spec.batch(), CHANNELS, (long) hw * hw));
  }

  private String convRelu(String in, int cin, int cout, int k, int stride, int outHw) {
    macs += (long) outHw * outHw * cout * cin * k * k;
    if (g == null) {
      return null;
    }
    int p = k / 2;
    float bound = (float) Math.sqrt(6.0 / (cin * k * k)); // He-uniform keeps ReLU activations at scale
    String conv = g.op("Conv",
        List.of(Attr.ints("kernel_shape", k, k), Attr.ints("strides", stride, stride), Attr.ints("pads", p, p, p, p)),
        in, g.constant(rnd.uniform("conv_w", new long[] {cout, cin, k, k}, bound)),
        g.floats("conv_b", new long[] {cout}, new float[cout]));
    return g.op("Relu", conv);
  }

  /** Cell centres {@code [1,N,4]} as cx,cy,cx,cy and each cell's signed reach −r,−r,+r,+r, in pixels. */
  private String[] anchors(int n) {
    float[] centre = new float[n * 4];
    float[] reach = new float[n * 4];
    int i = 0;
    for (int stride : headStrides) {
      int cells = spec.size() / stride;
      float r = REACH_CELLS * stride;
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++, i += 4) {
          centre[i] = centre[i + 2] = (x + 0.5f) * stride;
          centre[i + 1] = centre[i + 3] = (y + 0.5f) * stride;
          reach[i] = reach[i + 1] = -r;
          reach[i + 2] = reach[i + 3] = r;
        }
      }
    }
    long[] dims = {1, n, 4};
    return new String[] {g.floats("anchor_centres", dims, centre), g.floats("anchor_reach", dims, reach)};
  }
}
