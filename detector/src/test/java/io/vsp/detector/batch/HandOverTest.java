package io.vsp.detector.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.batch.BatchExchange.Room;
import org.junit.jupiter.api.Test;

/** The hand-over decision, as a pure function of the open batch and the exchange's room. */
class HandOverTest {
  static final long MS = 1_000_000;
  final HandOver handOver = new HandOver(4, 10 * MS);
  final Room free = new Room(true, true);
  final Room engineBusy = new Room(true, false);
  final Room full = new Room(false, false);

  @Test
  void aFullBatchGoesAtOnceWhenThereIsRoomForAFormedBatchEvenWithTheEngineBusy() {
    assertThat(handOver.decide(4, 4, 0, MS, engineBusy).now()).isTrue();
  }

  @Test
  void aFullBatchWaitsWhileAFormedBatchIsWaitingAlready() {
    HandOver.Decision d = handOver.decide(4, 4, 0, 50 * MS, full);
    assertThat(d.now()).isFalse();
    assertThat(d.waitNanos()).isEqualTo(HandOver.IDLE_WAIT_NANOS);
  }

  @Test
  void aBatchNotFullWaitsUntilMaxWaitAfterItsFirstFrame() {
    HandOver.Decision d = handOver.decide(2, 2, 100 * MS, 104 * MS, free);
    assertThat(d.now()).isFalse();
    assertThat(d.waitNanos()).isEqualTo(6 * MS);
    assertThat(handOver.decide(2, 2, 100 * MS, 110 * MS, free).now()).isTrue();
  }

  @Test
  void aDueBatchNotFullWaitsForAFreeEngineSlotTakingMoreFrames() {
    HandOver.Decision d = handOver.decide(2, 2, 0, 50 * MS, engineBusy);
    assertThat(d.now()).isFalse();
    assertThat(d.waitNanos()).as("woken by the exchange when a slot frees").isEqualTo(HandOver.IDLE_WAIT_NANOS);
  }

  @Test
  void aBatchOfStaleAndCorruptFramesGoesAsFullAtFourTimesBatchMax() {
    assertThat(handOver.full(0, 15)).isFalse();
    assertThat(handOver.full(0, 16)).isTrue();
    assertThat(handOver.decide(0, 16, 0, 0, engineBusy).now()).isTrue();
  }

  @Test
  void theWaitIsNeverBelowAMillisecond() {
    assertThat(handOver.decide(1, 1, 0, 10 * MS - 1, free).waitNanos()).isEqualTo(MS);
  }
}
