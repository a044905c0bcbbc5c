package io.vsp.detector.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.batch.TestBatches;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preprocessing stage: frames into free slots without holes, on one thread or several. */
class BatchPreprocessorTest {
  final List<Thread> helpers = new ArrayList<>();
  BatchPreprocessor preprocessor;

  private void start(int threads) {
    List<Preprocessor> own = IntStream.range(0, threads)
        .mapToObj(i -> new Preprocessor(TestBatches.CONTRACT, 64, 114)).toList();
    preprocessor = new BatchPreprocessor(own);
    for (int i = 1; i < threads; i++) {
      Thread t = new Thread(preprocessor.helper(i), "preprocess-" + i + ":test");
      t.start();
      helpers.add(t);
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    preprocessor.stop();
    for (Thread t : helpers) {
      t.join(10_000);
    }
    preprocessor.close();
  }

  @Test
  void anUndecodableFrameTakesNoSlotAndTheOthersFillTheSlotsFromTheFirstFreeOne() {
    start(1);
    byte[] jpeg = TestFrames.jpeg(TestFrames.image(100, 60, 0x808080), 0.85f); // below 2x64: decoded in full

    List<PreparedFrame> prepared = preprocessor.prepare(List.of(jpeg, new byte[] {1, 2, 3}, jpeg),
        new TestBatches.HeapInput(), 1);

    assertThat(prepared).extracting(PreparedFrame::slot).containsExactly(1, -1, 2);
    assertThat(prepared.get(1).error()).contains("3 bytes");
    assertThat(prepared.get(0).letterbox()).isEqualTo(Letterbox.fit(100, 60, 64, 64, 64));
  }

  @Test
  void twoThreadsFillEverySlotOnceAndSayWhichFrameLandedWhere() {
    start(2);
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      jpegs.add(TestFrames.jpeg(TestFrames.image(100 + 8 * i, 60, 0x808080), 0.85f)); // four widths
    }
    for (int round = 0; round < 20; round++) {
      List<PreparedFrame> prepared = preprocessor.prepare(jpegs, new TestBatches.HeapInput(), 0);
      assertThat(prepared).extracting(PreparedFrame::slot).containsExactlyInAnyOrder(0, 1, 2, 3);
      for (int i = 0; i < 4; i++) {
        assertThat(prepared.get(i).letterbox().frameWidth()).as("frame %d's own letterbox", i).isEqualTo(100 + 8 * i);
      }
    }
  }
}
