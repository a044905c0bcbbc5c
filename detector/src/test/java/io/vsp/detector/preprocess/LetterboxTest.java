package io.vsp.detector.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LetterboxTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({
      "1920, 1080, 636, 358, 2, 141",
      "1280, 720, 636, 358, 2, 141",
      "720, 1280, 358, 636, 141, 2",
      "640, 480, 636, 477, 2, 81"})
  void longestSideGoesToResizeAndTheFrameIsCentred(int w, int h, int resizedW, int resizedH, int padX, int padY) {
    Letterbox box = Letterbox.fit(w, h, 636, 640, 640);

    assertThat(box.resizedWidth()).isEqualTo(resizedW);
    assertThat(box.resizedHeight()).isEqualTo(resizedH);
    assertThat(box.padX()).isEqualTo(padX);
    assertThat(box.padY()).isEqualTo(padY);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"1920, 1080", "1280, 720", "720, 1280", "640, 480"})
  void boxesMapBackToTheFrameFractionsTheyCameFrom(int w, int h) {
    Letterbox box = Letterbox.fit(w, h, 636, 640, 640);
    double[] truth = {0.1021, 0.2210, 0.3120, 0.9004};

    // Forward the way the preprocessor placed the frame: fraction of the resized frame, plus the padding.
    float x1 = (float) (box.padX() + truth[0] * box.resizedWidth());
    float y1 = (float) (box.padY() + truth[1] * box.resizedHeight());
    float x2 = (float) (box.padX() + truth[2] * box.resizedWidth());
    float y2 = (float) (box.padY() + truth[3] * box.resizedHeight());

    assertThat(box.toFrameFractions(x1, y1, x2, y2)).containsExactly(truth, within(1e-6));
  }

  @Test
  void frameCornersMapToZeroAndOne() {
    Letterbox box = Letterbox.fit(1920, 1080, 636, 640, 640);

    assertThat(box.toFrameFractions(2, 141, 638, 499)).containsExactly(new double[] {0, 0, 1, 1}, within(1e-12));
  }

  @Test
  void boxesReachingIntoThePaddingAreClampedToTheFrame() {
    Letterbox box = Letterbox.fit(1920, 1080, 636, 640, 640);

    assertThat(box.toFrameFractions(-20, 0, 700, 640)).containsExactly(0, 0, 1, 1);
  }

  @Test
  void smallFramesAreScaledUpLikeTraining() {
    Letterbox box = Letterbox.fit(320, 240, 636, 640, 640);

    assertThat(box.scale()).isEqualTo(636 / 320.0);
    assertThat(box.resizedWidth()).isEqualTo(636);
    assertThat(box.resizedHeight()).isEqualTo(477);
  }

  @Test
  void resizeLargerThanTheInputIsRefused() {
    assertThatThrownBy(() -> Letterbox.fit(100, 100, 700, 640, 640))
        .hasMessage("resize 700 does not fit the 640x640 input");
  }
}
