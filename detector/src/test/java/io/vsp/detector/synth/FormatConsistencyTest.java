package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vsp.detector.synth.TestImages.Rect;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output format, input type and batch size of the synthetic model gives the same detections
 * (after decoding; RAW through NMS) within 1e-3, so consumers may pick any export.
 */
class FormatConsistencyTest {
  private static final int BATCH = 4;
  private static List<BufferedImage> images;
  private static List<Detection> reference;

  @BeforeAll
  static void reference() throws Exception {
    List<Rect> some = List.of(TestImages.allColours().get(0), TestImages.allColours().get(4));
    images = List.of(
        TestImages.jpeg(TestImages.draw(640, TestImages.LETTERBOX_GREY, TestImages.allColours()), 0.85f),
        TestImages.jpeg(TestImages.draw(640, Color.BLACK, TestImages.atBorders()), 0.85f),
        TestImages.draw(640, TestImages.LETTERBOX_GREY, List.of()),
        TestImages.jpeg(TestImages.paint(TestImages.texture(640, 11), some), 0.85f));
    try (ModelRunner raw = new ModelRunner(SynthSpec.of(ModelKind.SYNTHETIC).withBatch(BATCH))) {
      reference = raw.detect(images);
    }
    assertThat(reference).hasSize(6 + 2 + 0 + 2);
  }

  static Stream<Arguments> exports() {
    return Stream.of(OutputFormat.values()).flatMap(f -> Stream.of(InputType.values())
        .flatMap(t -> Stream.of(Arguments.of(f, t, 1), Arguments.of(f, t, BATCH))));
  }

  @ParameterizedTest(name = "{0} {1} batch {2}")
  @MethodSource("exports")
  void everyExportGivesTheSameDetections(OutputFormat format, InputType dtype, int batch) throws Exception {
    SynthSpec spec = SynthSpec.of(ModelKind.SYNTHETIC).withFormat(format).withDtype(dtype).withBatch(batch);
    List<Detection> found = new ArrayList<>();
    try (ModelRunner model = new ModelRunner(spec)) {
      for (int first = 0; first < images.size(); first += batch) {
        int offset = first;
        model.detect(images.subList(first, first + batch)).stream()
            .map(d -> new Detection(d.image() + offset, d.cls(), d.score(), d.x1(), d.y1(), d.x2(), d.y2()))
            .forEach(found::add);
      }
    }
    List<Detection> sorted = ModelRunner.sorted(found);
    assertThat(sorted).hasSameSizeAs(reference);
    for (int i = 0; i < sorted.size(); i++) {
      Detection want = reference.get(i);
      Detection got = sorted.get(i);
      assertThat(got.image()).isEqualTo(want.image());
      assertThat(got.cls()).isEqualTo(want.cls());
      assertThat(got.score()).isCloseTo(want.score(), within(1e-3f));
      assertThat(new float[] {got.x1(), got.y1(), got.x2(), got.y2()}).as(got + " vs " + want)
          .containsExactly(new float[] {want.x1(), want.y1(), want.x2(), want.y2()}, within(1e-3f));
    }
  }
}
