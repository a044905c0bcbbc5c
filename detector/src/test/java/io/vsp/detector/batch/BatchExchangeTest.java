package io.vsp.detector.batch;

import static io.vsp.detector.batch.TestBatches.P0;
import static io.vsp.detector.batch.TestBatches.P1;
import static io.vsp.detector.batch.TestBatches.processed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.detector.engine.InputBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The exchange's bookkeeping: room, order, rewinds; the test plays every stage. */
class BatchExchangeTest {
  final AtomicInteger wakes = new AtomicInteger();
  final BatchExchange exchange = new BatchExchange(2, List.of(new TestBatches.HeapInput(),
      new TestBatches.HeapInput(), new TestBatches.HeapInput()), wakes::incrementAndGet);

  @Test
  void batchesInferredOutOfOrderArePublishedInHandOverOrder() throws Exception {
    Batch first = processed(0, P0, 0, 2, exchange.takeInput(), 0);
    exchange.handOver(first);
    Batch inEngineFirst = exchange.takeFormed(1, TimeUnit.SECONDS);
    Batch second = processed(1, P0, 2, 2, exchange.takeInput(), 0);
    exchange.handOver(second);
    Batch inEngineSecond = exchange.takeFormed(1, TimeUnit.SECONDS);

    exchange.inferred(new InferredBatch(inEngineSecond, null, 0)); // the second engine slot finished first
    assertThat(exchange.takeInferred(10, TimeUnit.MILLISECONDS)).as("waits for the first").isNull();
    exchange.inferred(new InferredBatch(inEngineFirst, null, 0));

    assertThat(exchange.takeInferred(1, TimeUnit.SECONDS).batch().number()).isEqualTo(0);
    exchange.published(first);
    assertThat(exchange.takeInferred(1, TimeUnit.SECONDS).batch().number()).isEqualTo(1);
    exchange.published(second);
    assertThat(exchange.awaitPublished(java.time.Duration.ZERO)).isTrue();
  }

  @Test
  void aBatchNotFullMayGoOnlyWhileAnEngineSlotIsFreeAndAFullOneWhileNoneIsFormed() throws Exception {
    assertThat(exchange.room()).isEqualTo(new BatchExchange.Room(true, true));
    exchange.handOver(processed(0, P0, 0, 1, exchange.takeInput(), 0));
    assertThat(exchange.room()).isEqualTo(new BatchExchange.Room(false, true));
    exchange.takeFormed(1, TimeUnit.SECONDS);
    exchange.handOver(processed(1, P0, 1, 1, exchange.takeInput(), 0));
    exchange.takeFormed(1, TimeUnit.SECONDS);
    assertThat(exchange.room()).as("both engine slots busy").isEqualTo(new BatchExchange.Room(true, false));
    assertThat(exchange.takeInput()).as("one buffer fills while two infer").isNotNull();
    assertThat(exchange.takeInput()).isNull();
  }

  @Test
  void atMostTwiceInflightPlusOneBatchesWaitUnpublished() throws Exception {
    for (int i = 0; i < 5; i++) {
      exchange.handOver(processed(i, P0, i, 1, new TestBatches.HeapInput(), 0));
      Batch b = exchange.takeFormed(1, TimeUnit.SECONDS);
      exchange.inferred(new InferredBatch(b, null, 0));
    }
    assertThat(exchange.room()).isEqualTo(new BatchExchange.Room(false, false));
    assertThatThrownBy(() -> exchange.handOver(processed(5, P0, 5, 1, new TestBatches.HeapInput(), 0)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of turn");
  }

  @Test
  void aRewindMakesEveryBatchFormedBeforeItNotCurrentAndIsTakenByTheBatcherOnce() throws Exception {
    Batch aborted = handOverAndInfer(processed(0, P0, 10, 2, exchange.takeInput(), 0));
    Batch formedBefore = handOverAndInfer(processed(1, P1, 5, 2, exchange.takeInput(), 0));

    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.rewind(aborted); // its transaction aborted

    assertThat(exchange.current(formedBefore)).isFalse();
    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.drop(formedBefore);
    BatchExchange.Rewinds rewinds = exchange.takeRewinds();
    assertThat(rewinds.offsets()).isEqualTo(Map.of(P0, 10L, P1, 5L));
    assertThat(rewinds.count()).isEqualTo(2);
    assertThat(exchange.takeRewinds().offsets()).isEmpty();
    assertThat(exchange.current(processed(2, P0, 10, 1, new TestBatches.HeapInput(), 2)))
        .isTrue();
    assertThat(wakes.get()).isPositive();
  }

  /**
   * Regression: dropping a batch used to seek its partitions again even when a rewind after it was formed
   * had already been applied, so the batcher, already reading again from the earlier offset, jumped ahead
   * and skipped the frames between the two offsets.
   */
  @Test
  void droppingABatchLeavesAPartitionRewoundSinceItWasFormedAlone() throws Exception {
    Batch aborted = handOverAndInfer(processed(0, P0, 10, 2, exchange.takeInput(), 0));
    Batch formedBefore = handOverAndInfer(processed(1, P0, 12, 2, exchange.takeInput(), 0));
    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.rewind(aborted);
    assertThat(exchange.takeRewinds().offsets()).as("the batcher seeks to 10 and reads on")
        .isEqualTo(Map.of(P0, 10L));

    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.drop(formedBefore);

    assertThat(exchange.takeRewinds().offsets()).as("no seek to 12: frames 10 and 11 would be skipped").isEmpty();
  }

  @Test
  void batchesMustBeHandedOverAndFinishedInTurn() {
    assertThatThrownBy(() -> exchange.handOver(processed(1, P0, 0, 1, exchange.takeInput(), 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("batch 1 handed over out of turn (next 0, 0 formed, 0 unpublished)");
    assertThatThrownBy(() -> exchange.published(processed(3, P0, 0, 1, exchange.takeInput(), 0)))
        .isInstanceOf(IllegalStateException.class).hasMessage("batch 3 finished out of turn (next 0)");
  }

  private Batch handOverAndInfer(Batch batch) throws InterruptedException {
    exchange.handOver(batch);
    Batch taken = exchange.takeFormed(1, TimeUnit.SECONDS);
    InputBatch input = taken.input();
    exchange.returnInput(input);
    exchange.inferred(new InferredBatch(taken, null, 0));
    return taken;
  }
}
