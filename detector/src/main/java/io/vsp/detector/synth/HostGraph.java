package io.vsp.detector.synth;

import java.util.List;

/**
 * The {@code host} model: YOLO-NAS's raw output shapes ({@code [B,N,4]} boxes, {@code [B,N,80]} scores) at next
 * to no compute, so a benchmark sees what the detector's host side (decode, letterbox, output copy, NMS,
 * Kafka) costs with the engine out of the way. Boxes sit around the cell centres; about one candidate in
 * {@value #HOT_EVERY} scores above 0.25 for {@value #HOT_CLASSES} classes (a few hundred pairs per image, like
 * the {@code bench} model), so NMS and decoding do a busy scene's work. The scores add {@code 0 × } one input
 * pixel, so the runtime cannot fold the graph into constants; a uint8 input is scaled after that pixel is cut
 * out, so the engine's cost stays next to nothing whatever the input type (on a GPU the scaling is the GPU's).
 */
final class HostGraph {
  static final int HOT_EVERY = 97;
  static final int HOT_CLASSES = 3;

  private HostGraph() {}

  static GraphBuilder build(SynthSpec spec) {
    GraphBuilder g = new GraphBuilder("vsp_host", "VSP host model: raw YOLO-NAS output shapes at next to no "
        + "compute, for measuring the detector's host side; see docs/MODELS.md");
    int n = spec.candidates();
    String images = GraphInput.declared(g, spec);
    String pixel = GraphInput.scaled(g, spec,
        g.op("Slice", images, g.ints(0, 0, 0), g.ints(1, 1, 1), g.ints(1, 2, 3))); // [B,1,1,1]
    String zero = g.op("Mul", g.op("Reshape", pixel, g.ints(spec.batch(), 1, 1)), g.scalar(0f)); // [B,1,1]
    float[] candidate = new float[n];
    for (int i = 0; i < n; i++) {
      candidate[i] = i % HOT_EVERY == 0 ? 0.9f : 0.05f;
    }
    float[] cls = new float[Palette.COCO_CLASSES];
    java.util.Arrays.fill(cls, 0.2f);
    for (int k = 0; k < HOT_CLASSES; k++) {
      cls[k * 2] = 0.6f; // person, car, motorcycle: 0.54 where the candidate is hot, at most 0.18 elsewhere
    }
    String scores = g.op("Mul", g.floats("candidate", new long[] {1, n, 1}, candidate),
        g.floats("class", new long[] {1, 1, Palette.COCO_CLASSES}, cls));
    g.opTo(RawNames.BOXES, "Add", List.of(), zero, g.floats("boxes", new long[] {1, n, 4}, boxes(spec.size(), n)));
    g.opTo(RawNames.SCORES, "Add", List.of(), zero, scores);
    g.output(ValueInfo.of(RawNames.BOXES, ElemType.FLOAT, spec.batch(), n, 4));
    g.output(ValueInfo.of(RawNames.SCORES, ElemType.FLOAT, spec.batch(), n, Palette.COCO_CLASSES));
    return g;
  }

  /** x1,y1,x2,y2 of a box two cells wide around each cell centre of the stride 8, 16 and 32 grids. */
  private static float[] boxes(int size, int n) {
    float[] out = new float[n * 4];
    int i = 0;
    for (int stride : new int[] {8, 16, 32}) {
      int cells = size / stride;
      for (int y = 0; y < cells; y++) {
        for (int x = 0; x < cells; x++, i += 4) {
          float cx = (x + 0.5f) * stride;
          float cy = (y + 0.5f) * stride;
          out[i] = cx - stride;
          out[i + 1] = cy - stride;
          out[i + 2] = cx + stride;
          out[i + 3] = cy + stride;
        }
      }
    }
    return out;
  }
}
