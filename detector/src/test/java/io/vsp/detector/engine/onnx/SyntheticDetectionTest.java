package io.vsp.detector.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.wire.Boxes;
import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.postprocess.DetectedObject;
import io.vsp.detector.preprocess.TestFrames.Rect;
import io.vsp.detector.preprocess.TestFrames;
import io.vsp.detector.synth.Palette;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end on real ONNX Runtime: JPEG frames with palette rectangles at known places, through the
 * preprocessor, the generated synthetic model and the decoder, come back as the right labels and boxes.
 */
class SyntheticDetectionTest {
  // 2560x1440 decodes at a quarter of its size for the 636 letterbox, 1920x1080 to 720x1280 at half
  private static final int[][] SIZES = {{1920, 1080}, {1280, 720}, {720, 1280}, {640, 480}, {2560, 1440}};
  private static final int GREY = 0x808080;
  private static final List<byte[]> FRAMES = new ArrayList<>();
  private static final List<List<Truth>> TRUTHS = new ArrayList<>();

  /** A rectangle drawn in a frame and where it is as frame fractions. */
  record Truth(String label, double[] box) {}

  @BeforeAll
  static void drawFrames() {
    // Fractions of the frame: the same layout at every size, well apart so NMS never merges two.
    double[][] places = {{0.10, 0.15, 0.35, 0.55}, {0.55, 0.10, 0.90, 0.40}, {0.40, 0.62, 0.70, 0.95}};
    Palette.Entry[] colours = {Palette.entries().get(0), Palette.entries().get(1), Palette.entries().get(2)};
    for (int[] size : SIZES) {
      int w = size[0];
      int h = size[1];
      List<Rect> rects = new ArrayList<>();
      List<Truth> truth = new ArrayList<>();
      for (int i = 0; i < places.length; i++) {
        double[] p = places[i];
        Rect r = new Rect((int) (p[0] * w), (int) (p[1] * h), (int) ((p[2] - p[0]) * w), (int) ((p[3] - p[1]) * h),
            colours[i].rgb());
        rects.add(r);
        truth.add(new Truth(colours[i].cocoLabel(), r.fractions(w, h)));
      }
      FRAMES.add(TestFrames.jpeg(TestFrames.image(w, h, GREY, rects.toArray(Rect[]::new)), 0.85f));
      TRUTHS.add(truth);
    }
    FRAMES.add(TestFrames.jpeg(TestFrames.image(1280, 720, GREY), 0.85f));
    TRUTHS.add(List.of());
  }

  private static List<List<DetectedObject>> detect(OutputFormat format, InputType type, int batch) throws Exception {
    return detect(format, type, batch, true);
  }

  private static List<List<DetectedObject>> detect(OutputFormat format, InputType type, int batch,
                                                   boolean reducedDecode) throws Exception {
    try (Pipeline pipeline = new Pipeline(new OnnxRuntimeEngine(SynthModels.synthetic(format, type, batch, 640), 2,
        1), reducedDecode)) {
      return pipeline.detect(FRAMES);
    }
  }

  @Test
  void everyRectangleIsFoundOnceWithItsLabelAtEveryFrameSize() throws Exception {
    // Batch 4 over 6 frames: one full batch of four sizes, then a partial batch with the last and the empty frame.
    List<List<DetectedObject>> results = detect(OutputFormat.RAW, InputType.FLOAT32, 4);

    for (int frame = 0; frame < FRAMES.size(); frame++) {
      int f = frame;
      List<DetectedObject> found = results.get(f);
      List<Truth> truth = TRUTHS.get(f);
      assertThat(found).as("frame %d", f).hasSameSizeAs(truth);
      for (Truth t : truth) {
        DetectedObject match = found.stream().filter(o -> o.label().equals(t.label())).findFirst().orElseThrow(
            () -> new AssertionError("frame " + f + ": no " + t.label() + " in " + found));
        assertThat(Boxes.iou(match.box(), t.box())).as("frame %d %s IoU of %s", f, t.label(), match)
            .isGreaterThanOrEqualTo(0.9);
      }
    }
  }

  @Test
  void labelsOfThePaletteAreTheCocoNamesOfItsClasses() {
    for (Palette.Entry entry : Palette.entries()) {
      assertThat(Labels.coco().name(entry.cocoClass())).isEqualTo(entry.cocoLabel());
    }
  }

  @Test
  void everyOutputFormatAndInputTypeGivesTheSameObjects() throws Exception {
    List<List<DetectedObject>> reference = detect(OutputFormat.RAW, InputType.FLOAT32, 1);

    for (OutputFormat format : OutputFormat.values()) {
      for (InputType type : InputType.values()) {
        List<List<DetectedObject>> results = detect(format, type, 2);
        for (int f = 0; f < FRAMES.size(); f++) {
          List<DetectedObject> expected = byLabel(reference.get(f));
          List<DetectedObject> actual = byLabel(results.get(f));
          assertThat(actual).as("%s %s frame %d", format, type, f).hasSameSizeAs(expected);
          for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).label()).isEqualTo(expected.get(i).label());
            assertThat(actual.get(i).box()).as("%s %s frame %d %s", format, type, f, expected.get(i).label())
                .containsExactly(expected.get(i).box(), within(1e-3));
          }
        }
      }
    }
  }

  @Test
  void reducedScaleDecodingFindsTheSameObjectsAsFullDecoding() throws Exception {
    List<List<DetectedObject>> full = detect(OutputFormat.RAW, InputType.FLOAT32, 4, false);
    List<List<DetectedObject>> reduced = detect(OutputFormat.RAW, InputType.FLOAT32, 4, true);

    for (int f = 0; f < FRAMES.size(); f++) {
      List<DetectedObject> expected = byLabel(full.get(f));
      List<DetectedObject> actual = byLabel(reduced.get(f));
      assertThat(actual).as("frame %d", f).hasSameSizeAs(expected);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).label()).isEqualTo(expected.get(i).label());
        assertThat(Boxes.iou(actual.get(i).box(), expected.get(i).box()))
            .as("frame %d %s: reduced %s, full %s", f, expected.get(i).label(), actual.get(i), expected.get(i))
            .isGreaterThanOrEqualTo(0.95);
      }
    }
  }

  private static List<DetectedObject> byLabel(List<DetectedObject> objects) {
    return objects.stream().sorted(Comparator.comparing(DetectedObject::label)).toList();
  }
}
