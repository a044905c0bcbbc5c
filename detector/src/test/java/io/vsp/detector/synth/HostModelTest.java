package io.vsp.detector.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host model: YOLO-NAS raw output shapes, a busy scene's worth of passing scores, next to no compute. */
class HostModelTest {
  @Test
  void rawOutputsHaveTheYoloNasShapesAndAFewHundredPassingScoresPerImage() throws Exception {
    for (InputType dtype : InputType.values()) {
      rawOutputsHaveTheYoloNasShapes(new SynthSpec(ModelKind.HOST, OutputFormat.RAW, dtype, 2, 640));
    }
  }

  private static void rawOutputsHaveTheYoloNasShapes(SynthSpec spec) throws Exception {
    try (ModelRunner model = new ModelRunner(spec)) {
      List<BufferedImage> images = List.of(TestImages.texture(640, 5), TestImages.texture(640, 6));
      ModelRunner.Raw raw = model.raw(images);

      assertThat(raw.boxes()).hasSize(2 * 8400 * 4);
      assertThat(raw.scores()).hasSize(2 * 8400 * 80);
      int passing = 0;
      for (float s : raw.scores()) {
        passing += s >= NmsHead.SCORE ? 1 : 0;
      }
      int hot = (8400 + HostGraph.HOT_EVERY - 1) / HostGraph.HOT_EVERY;
      assertThat(passing).isEqualTo(2 * hot * HostGraph.HOT_CLASSES);
    }
    assertThat(ModelSynth.flopsPerImage(spec)).isLessThan(2_000_000);
  }

  @Test
  void onlyRawOutputsAreOffered() {
    assertThatThrownBy(() -> new SynthSpec(ModelKind.HOST, OutputFormat.FLAT, null, 1, 640))
        .hasMessage("the host model has raw outputs only, got format flat");
  }
}
