package io.vsp.detector.synth;

import io.vsp.detector.engine.InputType;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs a generated model in ONNX Runtime on test images and decodes any of its output formats into
 * {@link Detection}s; RAW outputs go through a plain class-aware NMS with the models' own thresholds.
 */
final class ModelRunner implements AutoCloseable {
  static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** The RAW outputs of one run: {@code boxes [B,N,4]}, {@code scores [B,N,80]}. */
  record Raw(int batch, int n, float[] boxes, float[] scores) {
    float score(int image, int candidate, int cls) {
      return scores[(image * n + candidate) * Palette.COCO_CLASSES + cls];
    }

    float[] box(int image, int candidate) {
      int i = (image * n + candidate) * 4;
      return new float[] {boxes[i], boxes[i + 1], boxes[i + 2], boxes[i + 3]};
    }
  }

  private final SynthSpec spec;
  private final OrtSession session;

  ModelRunner(SynthSpec spec) throws OrtException {
    this.spec = spec;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      this.session = ENV.createSession(ModelSynth.build(spec), options);
    }
  }

  OrtSession session() {
    return session;
  }

  List<Detection> detect(List<BufferedImage> images) throws OrtException {
    try (OrtSession.Result result = run(images)) {
      return switch (spec.format()) {
        case RAW -> nms(candidates(raw(result)));
        case FLAT -> flat(result);
        case BATCH -> batch(result);
      };
    }
  }

  Raw raw(List<BufferedImage> images) throws OrtException {
    try (OrtSession.Result result = run(images)) {
      return raw(result);
    }
  }

  OrtSession.Result run(List<BufferedImage> images) throws OrtException {
    if (images.size() != spec.batch()) {
      throw new IllegalArgumentException("model batch " + spec.batch() + ", got " + images.size() + " images");
    }
    long[] shape = {spec.batch(), 3, spec.size(), spec.size()};
    try (OnnxTensor input = spec.dtype() == InputType.FLOAT32
        ? OnnxTensor.createTensor(ENV, FloatBuffer.wrap(TestImages.chw(images)), shape)
        : OnnxTensor.createTensor(ENV, ByteBuffer.wrap(TestImages.chwBytes(images)), shape, OnnxJavaType.UINT8)) {
      return session.run(Map.of(GraphInput.NAME, input));
    }
  }

  private static Raw raw(OrtSession.Result result) {
    OnnxTensor boxes = tensor(result, RawNames.BOXES);
    long[] shape = boxes.getInfo().getShape();
    return new Raw((int) shape[0], (int) shape[1], floats(boxes), floats(tensor(result, RawNames.SCORES)));
  }

  /** Every (candidate, class) pair at or above the score threshold. */
  static List<Detection> candidates(Raw raw) {
    List<Detection> out = new ArrayList<>();
    for (int b = 0; b < raw.batch(); b++) {
      for (int i = 0; i < raw.n(); i++) {
        for (int c = 0; c < Palette.COCO_CLASSES; c++) {
          float s = raw.score(b, i, c);
          if (s >= NmsHead.SCORE) {
            float[] box = raw.box(b, i);
            out.add(new Detection(b, c, s, box[0], box[1], box[2], box[3]));
          }
        }
      }
    }
    return out;
  }

  /** Greedy NMS per image and class; suppresses overlaps above the IoU threshold, as ONNX's op does. */
  static List<Detection> nms(List<Detection> candidates) {
    List<Detection> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparing(Detection::score).reversed());
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      boolean suppressed = kept.stream()
          .anyMatch(k -> k.image() == d.image() && k.cls() == d.cls() && k.iou(d) > NmsHead.IOU);
      if (!suppressed) {
        kept.add(d);
      }
    }
    return sorted(kept);
  }

  private static List<Detection> flat(OrtSession.Result result) {
    OnnxTensor t = tensor(result, NmsHead.FLAT);
    float[] v = floats(t);
    List<Detection> out = new ArrayList<>();
    for (int r = 0; r < v.length / 7; r++) {
      int o = r * 7;
      out.add(new Detection((int) v[o], (int) v[o + 6], v[o + 5], v[o + 1], v[o + 2], v[o + 3], v[o + 4]));
    }
    return sorted(out);
  }

  private static List<Detection> batch(OrtSession.Result result) {
    long[] num = longs(tensor(result, NmsHead.NUM));
    OnnxTensor boxesT = tensor(result, NmsHead.BOXES);
    float[] boxes = floats(boxesT);
    float[] scores = floats(tensor(result, NmsHead.SCORES));
    long[] classes = longs(tensor(result, NmsHead.CLASSES));
    int k = (int) boxesT.getInfo().getShape()[1];
    List<Detection> out = new ArrayList<>();
    for (int b = 0; b < num.length; b++) {
      for (int r = 0; r < num[b]; r++) {
        int i = b * k + r;
        out.add(new Detection(b, (int) classes[i], scores[i], boxes[i * 4], boxes[i * 4 + 1], boxes[i * 4 + 2],
            boxes[i * 4 + 3]));
      }
    }
    return sorted(out);
  }

  /** A stable order to compare formats: image, class, then score. */
  static List<Detection> sorted(List<Detection> in) {
    List<Detection> out = new ArrayList<>(in);
    out.sort(Comparator.comparingInt(Detection::image).thenComparingInt(Detection::cls)
        .thenComparing(Comparator.comparing(Detection::score).reversed()));
    return out;
  }

  static OnnxTensor tensor(OrtSession.Result result, String name) {
    return (OnnxTensor) result.get(name).orElseThrow(() -> new AssertionError("no output " + name));
  }

  static float[] floats(OnnxTensor t) {
    FloatBuffer b = t.getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  static long[] longs(OnnxTensor t) {
    LongBuffer b = t.getLongBuffer();
    long[] out = new long[b.remaining()];
    b.get(out);
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
