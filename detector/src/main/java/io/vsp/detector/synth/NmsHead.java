package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import java.util.List;

/**
 * Appends super-gradients-style NMS outputs to a graph whose candidates are boxes {@code [B,N,4]}
 * and class scores {@code [B,N,80]}: keep the best {@value #PRE_NMS} candidates by top class score,
 * run the standard ONNX {@code NonMaxSuppression} per image and class (IoU {@value #IOU}, score
 * {@value #SCORE}), then lay the survivors out as the {@code flat} or {@code batch} format.
 */
final class NmsHead {
  /** super-gradients' export defaults (NOTES: YOLO-NAS ONNX exports). */
  static final float IOU = 0.7f;
  static final float SCORE = 0.25f;
  static final int PRE_NMS = 1000;
  /** Detections kept per image and class by NMS, and per image in the {@code batch} layout. */
  static final int MAX_PER_IMAGE = 100;

  static final String FLAT = "graph2_flat_predictions";
  static final String NUM = "graph2_num_predictions";
  static final String BOXES = "graph2_pred_boxes";
  static final String SCORES = "graph2_pred_scores";
  static final String CLASSES = "graph2_pred_classes";
  static final String TRT_NUM = "num_detections";
  static final String TRT_BOXES = "detection_boxes";
  static final String TRT_SCORES = "detection_scores";
  static final String TRT_CLASSES = "detection_classes";

  private NmsHead() {}

  static void attach(GraphBuilder g, String boxes, String scores, int batch, int n, SynthSpec spec) {
    if (spec.nms() == NmsOp.EFFICIENT_NMS_TRT) {
      efficientNms(g, boxes, scores, batch);
      return;
    }
    OutputFormat format = spec.format();
    int c = Palette.COCO_CLASSES;
    int k = Math.min(n, PRE_NMS);
    String keptBoxes = boxes;
    String keptScores = scores;
    if (n > k) {
      // the pre-NMS cap: the k candidates with the best class score, gathered per image
      String best = g.op("ReduceMax", List.of(Attr.ints("axes", 2), Attr.i("keepdims", 0)), scores);
      String[] top = g.ops("TopK", 2, List.of(Attr.i("axis", 1)), best, g.ints(k));
      String index = g.op("Unsqueeze", top[1], g.ints(2));
      keptBoxes = gatherRows(g, boxes, index, batch, k, 4);
      keptScores = gatherRows(g, scores, index, batch, k, c);
    }
    String byClass = g.op("Transpose", List.of(Attr.ints("perm", 0, 2, 1)), keptScores); // [B,C,k]
    // corners as x1,y1,x2,y2: ONNX takes any diagonal pair, and IoU does not care which axis is first
    String selected = g.op("NonMaxSuppression", List.of(Attr.i("center_point_box", 0)), keptBoxes, byClass,
        g.scalarInt(MAX_PER_IMAGE), g.scalar(IOU), g.scalar(SCORE)); // [M,3]: image, class, candidate
    String selectedScores = g.op("GatherND", byClass, selected); // [M]
    switch (format) {
      case FLAT -> flat(g, keptBoxes, selected, selectedScores);
      case BATCH -> batch(g, keptBoxes, selected, selectedScores, batch, c, k);
      case RAW -> throw new IllegalArgumentException("RAW outputs carry no NMS");
    }
  }

  /**
   * TensorRT's {@code EfficientNMS_TRT} plugin over all candidates, as super-gradients' TensorRT export
   * writes it (domain {@code TRT}, corner boxes, scores already sigmoid'ed, per-class NMS): its four outputs
   * are the graph's, int32 counts and classes.
   */
  private static void efficientNms(GraphBuilder g, String boxes, String scores, int batch) {
    List<String> outputs = List.of(TRT_NUM, TRT_BOXES, TRT_SCORES, TRT_CLASSES);
    g.domainOpTo("TRT", "EfficientNMS_TRT", outputs, List.of(Attr.i("background_class", -1), Attr.i("box_coding", 0),
        Attr.f("iou_threshold", IOU), Attr.i("max_output_boxes", MAX_PER_IMAGE), Attr.s("plugin_version", "1"),
        Attr.i("score_activation", 0), Attr.f("score_threshold", SCORE), Attr.i("class_agnostic", 0)),
        boxes, scores);
    g.output(ValueInfo.of(TRT_NUM, ElemType.INT32, batch, 1));
    g.output(ValueInfo.of(TRT_BOXES, ElemType.FLOAT, batch, MAX_PER_IMAGE, 4));
    g.output(ValueInfo.of(TRT_SCORES, ElemType.FLOAT, batch, MAX_PER_IMAGE));
    g.output(ValueInfo.of(TRT_CLASSES, ElemType.INT32, batch, MAX_PER_IMAGE));
  }

  private static String gatherRows(GraphBuilder g, String data, String index, int batch, int k, int width) {
    String wide = g.op("Expand", index, g.ints(batch, k, width));
    return g.op("GatherElements", List.of(Attr.i("axis", 1)), data, wide);
  }

  /** One row per survivor: image, x1, y1, x2, y2, score, class; as many rows as survived. */
  private static void flat(GraphBuilder g, String boxes, String selected, String selectedScores) {
    List<Attr> columns = List.of(Attr.i("axis", 1));
    List<Attr> toFloat = List.of(Attr.i("to", ElemType.FLOAT.code));
    String image = g.op("Cast", toFloat, g.op("Gather", columns, selected, g.ints(0)));
    String cls = g.op("Cast", toFloat, g.op("Gather", columns, selected, g.ints(1)));
    String box = g.op("GatherND", boxes, g.op("Gather", columns, selected, g.ints(0, 2)));
    String score = g.op("Unsqueeze", selectedScores, g.ints(1));
    g.opTo(FLAT, "Concat", columns, image, box, score, cls);
    g.output(new ValueInfo(FLAT, ElemType.FLOAT,
        List.of(ValueInfo.Dim.symbolic("num_predictions"), ValueInfo.Dim.of(7))));
  }

  /**
   * Fixed-size per-image layout: survivors' scores are scattered into a dense {@code [B, C×k]} grid
   * whose top {@value #MAX_PER_IMAGE} per image are the rows; a zero score marks a padding row. This
   * keeps every shape static, so TensorRT needs no data-dependent output here.
   */
  private static void batch(GraphBuilder g, String boxes, String selected, String selectedScores, int batch,
      int c, int k) {
    String zeros = g.op("ConstantOfShape",
        List.of(Attr.tensor("value", TensorData.floats("zero", new long[] {1}, 0f))), g.ints(batch, c, k));
    String dense = g.op("ScatterND", zeros, selected, selectedScores);
    String grid = g.op("Reshape", dense, g.ints(batch, (long) c * k));
    int rows = Math.min(MAX_PER_IMAGE, c * k);
    String[] top = g.ops("TopK", 2, List.of(Attr.i("axis", 1)), grid, g.ints(rows)); // [B,rows]
    String isDetection = g.op("Greater", top[0], g.scalar(0f));
    String valid = g.op("Cast", List.of(Attr.i("to", ElemType.FLOAT.code)), isDetection);
    String count = g.op("ReduceSum", List.of(Attr.i("keepdims", 1)), valid, g.ints(1));
    g.opTo(NUM, "Cast", List.of(Attr.i("to", ElemType.INT64.code)), count);
    String cls = g.op("Div", top[1], g.scalarInt(k)); // integer division: grid index = class × k + candidate
    String candidate = g.op("Sub", top[1], g.op("Mul", cls, g.scalarInt(k)));
    String picked = gatherRows(g, boxes, g.op("Unsqueeze", candidate, g.ints(2)), batch, rows, 4);
    g.opTo(BOXES, "Mul", List.of(), picked, g.op("Unsqueeze", valid, g.ints(2)));
    g.opTo(SCORES, "Mul", List.of(), top[0], valid);
    g.opTo(CLASSES, "Mul", List.of(), cls, g.op("Cast", List.of(Attr.i("to", ElemType.INT64.code)), isDetection));
    g.output(ValueInfo.of(NUM, ElemType.INT64, batch, 1));
    g.output(ValueInfo.of(BOXES, ElemType.FLOAT, batch, rows, 4));
    g.output(ValueInfo.of(SCORES, ElemType.FLOAT, batch, rows));
    g.output(ValueInfo.of(CLASSES, ElemType.INT64, batch, rows));
  }
}
