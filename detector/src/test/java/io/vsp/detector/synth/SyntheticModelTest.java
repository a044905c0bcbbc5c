package io.vsp.detector.synth;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.synth.TestImages.Rect;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic model in ONNX Runtime finds each palette rectangle, and nothing else, as SPEC §8 promises. */
class SyntheticModelTest {
  private static ModelRunner floatModel;
  private static ModelRunner byteModel;

  @BeforeAll
  static void load() throws Exception {
    floatModel = new ModelRunner(SynthSpec.of(ModelKind.SYNTHETIC));
    byteModel = new ModelRunner(SynthSpec.of(ModelKind.SYNTHETIC).withDtype(InputType.UINT8));
  }

  @AfterAll
  static void close() throws Exception {
    floatModel.close();
    byteModel.close();
  }

  @Test
  void findsEveryRectangleWithItsClassOnGrey() throws Exception {
    List<Rect> truth = TestImages.allColours();
    BufferedImage img = TestImages.draw(640, TestImages.LETTERBOX_GREY, truth);

    assertMatches(floatModel.detect(List.of(img)), truth);
  }

  @Test
  void findsEveryRectangleAfterJpegAtQuality85() throws Exception {
    List<Rect> truth = TestImages.allColours();
    BufferedImage grey = TestImages.jpeg(TestImages.draw(640, TestImages.LETTERBOX_GREY, truth), 0.85f);
    BufferedImage black = TestImages.jpeg(TestImages.draw(640, Color.BLACK, truth), 0.85f);
    BufferedImage white = TestImages.jpeg(TestImages.draw(640, Color.WHITE, truth), 0.85f);

    assertMatches(byteModel.detect(List.of(grey)), truth);
    assertMatches(byteModel.detect(List.of(black)), truth);
    assertMatches(floatModel.detect(List.of(white)), truth);
  }

  @Test
  void findsRectanglesOnALowSaturationTextureAfterJpeg() throws Exception {
    List<Rect> truth = TestImages.allColours();
    BufferedImage img = TestImages.jpeg(TestImages.paint(TestImages.texture(640, 7), truth), 0.85f);

    assertMatches(byteModel.detect(List.of(img)), truth);
  }

  @Test
  void findsRectanglesTouchingTheBorder() throws Exception {
    List<Rect> truth = TestImages.atBorders();
    BufferedImage img = TestImages.jpeg(TestImages.draw(640, TestImages.LETTERBOX_GREY, truth), 0.85f);

    assertMatches(byteModel.detect(List.of(img)), truth);
  }

  @Test
  void rawOutputsHoldALowerScoreDuplicateOfEachRectangle() throws Exception {
    List<Rect> truth = TestImages.allColours();
    ModelRunner.Raw raw = floatModel.raw(List.of(TestImages.draw(640, TestImages.LETTERBOX_GREY, truth)));

    assertThat(raw.n()).isEqualTo(8400);
    List<Detection> candidates = ModelRunner.candidates(raw);
    for (Rect r : truth) {
      List<Detection> mine = candidates.stream().filter(d -> d.cls() == r.colour().cocoClass())
          .filter(d -> d.iou(r.x1(), r.y1(), r.x2(), r.y2()) > NmsHead.IOU).toList();
      float best = (float) mine.stream().mapToDouble(Detection::score).max().orElse(0);
      assertThat(best).as(r.colour().name()).isEqualTo(SyntheticGraph.SCORE);
      assertThat(mine).as("lower-score duplicates of " + r.colour().name())
          .anyMatch(d -> d.score() < best && d.score() >= NmsHead.SCORE);
    }
  }

  @Test
  void emptyImagesScoreNothingAbove025() throws Exception {
    List<BufferedImage> empties = List.of(
        TestImages.draw(640, TestImages.LETTERBOX_GREY, List.of()),
        TestImages.draw(640, Color.BLACK, List.of()),
        TestImages.draw(640, Color.WHITE, List.of()),
        TestImages.jpeg(TestImages.letterboxed(640, 3), 0.85f));
    for (BufferedImage img : empties) {
      ModelRunner.Raw raw = byteModel.raw(List.of(img));
      float max = 0;
      for (float s : raw.scores()) {
        max = Math.max(max, s);
      }
      assertThat(max).isLessThan(NmsHead.SCORE);
    }
  }

  @Test
  void ignoresRectanglesBelowTheMinimumArea() throws Exception {
    List<Rect> tiny = List.of(new Rect(TestImages.colour("red"), 100, 100, 106, 106));
    BufferedImage img = TestImages.draw(640, TestImages.LETTERBOX_GREY, tiny);

    assertThat(floatModel.detect(List.of(img))).isEmpty();
  }

  /** Exactly one detection per rectangle, of its colour's class, at IoU ≥ 0.95 with the drawn box. */
  static void assertMatches(List<Detection> found, List<Rect> truth) {
    List<String> seen = new ArrayList<>();
    for (Rect r : truth) {
      List<Detection> mine = found.stream().filter(d -> d.cls() == r.colour().cocoClass()).toList();
      assertThat(mine).as("detections of " + r.colour().name() + " in " + found).hasSize(1);
      assertThat(mine.get(0).iou(r.x1(), r.y1(), r.x2(), r.y2())).as(r.colour().name() + " IoU " + mine.get(0))
          .isGreaterThanOrEqualTo(0.95f);
      seen.add(r.colour().name());
    }
    assertThat(found).as("no detections but the rectangles " + seen).hasSize(truth.size());
  }
}
