package io.vsp.detector.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.preprocess.Letterbox;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of each output format from hand-made tensors, on a 640 input with 1920x1080 frames. */
class OutputDecoderTest {
  // 1920x1080 in 640: resized 636x358 at (2,141). Input box (2+63.6, 141+35.8)-(2+318, 141+179) is
  // frame fractions (0.1, 0.1)-(0.5, 0.5).
  private static final Letterbox HD = Letterbox.fit(1920, 1080, 636, 640, 640);
  private static final float[] BOX = {65.6f, 176.8f, 320f, 320f};
  private static final double[] BOX_FRACTIONS = {0.1, 0.1, 0.5, 0.5};

  private static ModelContract contract(OutputFormat format, int batch, int classes) {
    return new ModelContract("m", InputType.FLOAT32, batch, 640, 640, format, classes, "fp32");
  }

  private static OutputDecoder decoder(OutputFormat format, int batch, int classes) {
    return new OutputDecoder(contract(format, batch, classes), Labels.coco(), 0.25, 0.7, 100);
  }

  /** Raw outputs of {@code batch} images with {@code n} candidates over 3 classes, all scores 0. */
  private static final class Raw {
    final int batch;
    final int n;
    final float[] boxes;
    final float[] scores;

    Raw(int batch, int n) {
      this.batch = batch;
      this.n = n;
      boxes = new float[batch * n * 4];
      scores = new float[batch * n * 3];
    }

    Raw candidate(int image, int i, float[] box, int classId, float score) {
      System.arraycopy(box, 0, boxes, (image * n + i) * 4, 4);
      scores[(image * n + i) * 3 + classId] = score;
      return this;
    }

    RawOutput output(int used) {
      return new RawOutput(OutputFormat.RAW, used, List.of(
          OutputTensor.ofFloats("boxes", new long[] {batch, n, 4}, boxes),
          OutputTensor.ofFloats("scores", new long[] {batch, n, 3}, scores)));
    }
  }

  private static float[] shifted(float[] box, float dx) {
    return new float[] {box[0] + dx, box[1], box[2] + dx, box[3]};
  }

  @Test
  void rawKeepsTheBestOfOverlappingBoxesOfAClassAndMapsItToFrameFractions() {
    Raw raw = new Raw(1, 4)
        .candidate(0, 0, BOX, 0, 0.9f)
        .candidate(0, 1, shifted(BOX, 2), 0, 0.8f) // duplicate of the first
        .candidate(0, 2, BOX, 2, 0.6f) // same place, other class: kept
        .candidate(0, 3, shifted(BOX, 300), 0, 0.2f); // below the threshold

    List<List<DetectedObject>> images = decoder(OutputFormat.RAW, 1, 3).decode(raw.output(1), List.of(HD));

    assertThat(images).hasSize(1);
    List<DetectedObject> objects = images.get(0);
    assertThat(objects).extracting(DetectedObject::label).containsExactly("person", "car");
    assertThat(objects.get(0).score()).isEqualTo(0.9f);
    assertThat(objects.get(0).box()).containsExactly(BOX_FRACTIONS, within(1e-6));
  }

  @Test
  void rawTakesEachCandidatesBestClassOnly() {
    Raw raw = new Raw(1, 1).candidate(0, 0, BOX, 1, 0.5f).candidate(0, 0, BOX, 2, 0.7f);

    List<DetectedObject> objects = decoder(OutputFormat.RAW, 1, 3).decode(raw.output(1), List.of(HD)).get(0);

    assertThat(objects).extracting(DetectedObject::classId).containsExactly(2);
  }

  @Test
  void rawCapsEachImageAtTopKBestScores() {
    Raw raw = new Raw(1, 20);
    for (int i = 0; i < 20; i++) {
      raw.candidate(0, i, new float[] {10 + i * 30, 200, 30 + i * 30, 220}, 0, (30 + i) / 100f);
    }
    OutputDecoder decoder = new OutputDecoder(contract(OutputFormat.RAW, 1, 3), Labels.coco(), 0.25, 0.7, 5);

    List<DetectedObject> objects = decoder.decode(raw.output(1), List.of(HD)).get(0);

    assertThat(objects).extracting(DetectedObject::score).containsExactly(0.49f, 0.48f, 0.47f, 0.46f, 0.45f);
  }

  @Test
  void paddingSlotsOfAPartialBatchAreIgnored() {
    Raw raw = new Raw(3, 1).candidate(0, 0, BOX, 0, 0.9f).candidate(2, 0, BOX, 1, 0.9f);

    List<List<DetectedObject>> images = decoder(OutputFormat.RAW, 3, 3).decode(raw.output(1), List.of(HD));

    assertThat(images).hasSize(1);
    assertThat(images.get(0)).extracting(DetectedObject::label).containsExactly("person");
  }

  @Test
  void emptyImageDecodesToNoObjects() {
    List<List<DetectedObject>> images = decoder(OutputFormat.RAW, 2, 3).decode(new Raw(2, 5).output(2),
        List.of(HD, HD));

    assertThat(images).containsExactly(List.of(), List.of());
  }

  @Test
  void boxWhollyInThePaddingIsDropped() {
    Raw raw = new Raw(1, 1).candidate(0, 0, new float[] {10, 0, 600, 100}, 0, 0.9f);

    assertThat(decoder(OutputFormat.RAW, 1, 3).decode(raw.output(1), List.of(HD)).get(0)).isEmpty();
  }

  @Test
  void flatRowsGoToTheirImageByIndexAndAreNotSuppressedAgain() {
    float[] table = {
        1, BOX[0], BOX[1], BOX[2], BOX[3], 0.8f, 2,
        0, BOX[0], BOX[1], BOX[2], BOX[3], 0.9f, 0,
        0, BOX[0] + 1, BOX[1], BOX[2] + 1, BOX[3], 0.7f, 0, // a duplicate the model's NMS kept: kept
        0, BOX[0], BOX[1], BOX[2], BOX[3], 0.1f, 0, // below our threshold
        3, BOX[0], BOX[1], BOX[2], BOX[3], 0.9f, 0}; // a padding slot
    RawOutput out = new RawOutput(OutputFormat.FLAT, 2,
        List.of(OutputTensor.ofFloats("flat", new long[] {5, 7}, table)));

    List<List<DetectedObject>> images = decoder(OutputFormat.FLAT, 4, 0).decode(out, List.of(HD, HD));

    assertThat(images.get(0)).extracting(DetectedObject::score).containsExactly(0.9f, 0.7f);
    assertThat(images.get(1)).extracting(DetectedObject::label).containsExactly("car");
    assertThat(images.get(1).get(0).box()).containsExactly(BOX_FRACTIONS, within(1e-6));
  }

  @Test
  void flatTableOfTheOlderClassBeforeScoreLayoutIsReadToo() {
    float[] table = {0, BOX[0], BOX[1], BOX[2], BOX[3], 16, 0.85f};
    RawOutput out = new RawOutput(OutputFormat.FLAT, 1, List.of(OutputTensor.ofFloats("t", new long[] {1, 7}, table)));

    DetectedObject dog = decoder(OutputFormat.FLAT, 1, 0).decode(out, List.of(HD)).get(0).get(0);

    assertThat(dog.label()).isEqualTo("dog");
    assertThat(dog.score()).isEqualTo(0.85f);
  }

  @Test
  void batchFormatReadsOnlyTheFirstCountRowsOfEachImage() {
    int k = 3;
    long[] counts = {2, 0};
    float[] boxes = new float[2 * k * 4];
    float[] scores = {0.9f, 0.8f, 0.99f, 0.9f, 0.9f, 0.9f};
    long[] classes = {0, 16, 2, 0, 0, 0};
    System.arraycopy(BOX, 0, boxes, 0, 4);
    System.arraycopy(shifted(BOX, 200), 0, boxes, 4, 4);
    RawOutput out = new RawOutput(OutputFormat.BATCH, 2, List.of(
        OutputTensor.ofLongs("num", new long[] {2, 1}, counts),
        OutputTensor.ofFloats("boxes", new long[] {2, k, 4}, boxes),
        OutputTensor.ofFloats("scores", new long[] {2, k}, scores),
        OutputTensor.ofLongs("classes", new long[] {2, k}, classes)));

    List<List<DetectedObject>> images = decoder(OutputFormat.BATCH, 2, 0).decode(out, List.of(HD, HD));

    assertThat(images.get(0)).extracting(DetectedObject::label).containsExactly("person", "dog");
    assertThat(images.get(0).get(0).box()).containsExactly(BOX_FRACTIONS, within(1e-6));
    assertThat(images.get(1)).isEmpty();
  }

  @Test
  void countLargerThanKIsCappedAtK() {
    RawOutput out = new RawOutput(OutputFormat.BATCH, 1, List.of(
        OutputTensor.ofLongs("num", new long[] {1, 1}, new long[] {99}),
        OutputTensor.ofFloats("boxes", new long[] {1, 1, 4}, BOX.clone()),
        OutputTensor.ofFloats("scores", new long[] {1, 1}, new float[] {0.9f}),
        OutputTensor.ofLongs("classes", new long[] {1, 1}, new long[] {0})));

    assertThat(decoder(OutputFormat.BATCH, 1, 0).decode(out, List.of(HD)).get(0)).hasSize(1);
  }

  @Test
  void letterboxCountMustMatchTheUsedSlots() {
    assertThatThrownBy(() -> decoder(OutputFormat.RAW, 2, 3).decode(new Raw(2, 1).output(2), List.of(HD)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("1 letterboxes for 2 used slots");
  }

  @Test
  void outputOfAnotherFormatIsABrokenRule() {
    assertThatThrownBy(() -> decoder(OutputFormat.FLAT, 1, 0).decode(new Raw(1, 1).output(1), List.of(HD)))
        .hasMessage("output is raw but the model's contract says flat");
  }
}
