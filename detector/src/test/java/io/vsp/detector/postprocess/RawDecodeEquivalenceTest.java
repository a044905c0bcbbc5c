package io.vsp.detector.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.preprocess.Letterbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The raw decode's fast path (rows with no score at the threshold passed over; scores read in blocks out of a
 * direct buffer) finds exactly what the plain decode finds: every candidate's best class by a full scan of an
 * array, then the same NMS, on random tensors with ties, NaNs and scores at the threshold.
 */
class RawDecodeEquivalenceTest {
  private static final int BATCH = 3;
  private static final int N = 2100;
  private static final int CLASSES = 80;
  private static final Labels LABELS = Labels.coco();

  @Test
  void fastPathOnDirectBuffersMatchesThePlainScanOnRandomTensors() {
    Random random = new Random(11);
    ModelContract contract = new ModelContract("m", InputType.FLOAT32, BATCH, 640, 640, OutputFormat.RAW,
        CLASSES, "fp32");
    List<Letterbox> letterboxes = List.of(Letterbox.fit(1280, 720, 636, 640, 640),
        Letterbox.fit(640, 360, 636, 640, 640));
    int compared = 0;
    for (double threshold : new double[] {0.25, 0.3, 0.0, 0.9}) {
      for (int round = 0; round < 3; round++) {
        float[] boxes = randomBoxes(random);
        float[] scores = randomScores(random, (float) threshold);
        OutputDecoder decoder = new OutputDecoder(contract, LABELS, threshold, 0.6, 300);

        List<List<DetectedObject>> fast = decoder.decode(new RawOutput(OutputFormat.RAW, 2, List.of(
            OutputTensor.ofFloats("boxes", new long[] {BATCH, N, 4}, direct(boxes)),
            OutputTensor.ofFloats("scores", new long[] {BATCH, N, CLASSES}, direct(scores)))), letterboxes);

        for (int image = 0; image < 2; image++) {
          List<DetectedObject> plain = plainDecode(boxes, scores, image, threshold, letterboxes.get(image));
          assertThat(fast.get(image)).as("threshold %s, round %d, image %d", threshold, round, image)
              .containsExactlyElementsOf(plain);
          compared += plain.size();
        }
      }
    }
    assertThat(compared).as("objects compared").isGreaterThan(1000);
  }

  /** Mostly low scores; one row in 20 with a few high ones; exact threshold values, ties and NaNs. */
  private static float[] randomScores(Random random, float threshold) {
    float[] scores = new float[BATCH * N * CLASSES];
    for (int row = 0; row < BATCH * N; row++) {
      int at = row * CLASSES;
      for (int c = 0; c < CLASSES; c++) {
        scores[at + c] = random.nextFloat() * 0.2f;
      }
      switch (random.nextInt(40)) {
        case 0, 1 -> scores[at + random.nextInt(CLASSES)] = 0.3f + random.nextFloat() * 0.7f;
        case 2 -> {
          scores[at + 3] = 0.8f;
          scores[at + 5] = 0.8f; // a tie: the lower class wins
        }
        case 3 -> scores[at + random.nextInt(CLASSES)] = threshold;
        case 4 -> scores[at + random.nextInt(CLASSES)] = Math.nextDown(threshold);
        case 5 -> scores[at] = Float.NaN; // a NaN first hides the row from the plain scan
        case 6 -> {
          scores[at + 7] = Float.NaN;
          scores[at + 9] = 0.95f;
        }
        default -> { }
      }
    }
    return scores;
  }

  private static float[] randomBoxes(Random random) {
    float[] boxes = new float[BATCH * N * 4];
    for (int i = 0; i < BATCH * N; i++) {
      float x = random.nextFloat() * 600;
      float y = random.nextFloat() * 600;
      boxes[i * 4] = x;
      boxes[i * 4 + 1] = y;
      boxes[i * 4 + 2] = x + 5 + random.nextFloat() * 60;
      boxes[i * 4 + 3] = y + 5 + random.nextFloat() * 60;
    }
    return boxes;
  }

  private static FloatBuffer direct(float[] values) {
    FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    buffer.put(values).flip();
    return buffer;
  }

  /** The decode as it was before the fast path: a full best-class scan of every row of an array. */
  private static List<DetectedObject> plainDecode(float[] b, float[] s, int image, double threshold,
      Letterbox letterbox) {
    Candidates candidates = new Candidates();
    for (int i = 0; i < N; i++) {
      int row = (image * N + i) * CLASSES;
      int best = 0;
      float bestScore = s[row];
      for (int c = 1; c < CLASSES; c++) {
        if (s[row + c] > bestScore) {
          bestScore = s[row + c];
          best = c;
        }
      }
      if (bestScore >= threshold) {
        int at = (image * N + i) * 4;
        candidates.add(b[at], b[at + 1], b[at + 2], b[at + 3], bestScore, best);
      }
    }
    int[] kept = candidates.suppress(candidates.byScore(OutputDecoder.PRE_NMS_TOP_K), 0.6, 300);
    List<DetectedObject> objects = new ArrayList<>();
    for (int i : kept) {
      double[] box = letterbox.toFrameFractions(candidates.box(i, 0), candidates.box(i, 1), candidates.box(i, 2),
          candidates.box(i, 3));
      if (box[2] > box[0] && box[3] > box[1]) {
        objects.add(new DetectedObject(LABELS.name(candidates.classId(i)), candidates.classId(i),
            candidates.score(i), box));
      }
    }
    objects.sort(Comparator.comparingDouble(o -> -o.score()));
    return objects;
  }
}
