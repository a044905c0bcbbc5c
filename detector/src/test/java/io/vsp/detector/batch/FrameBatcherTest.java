package io.vsp.detector.batch;

import static io.vsp.detector.batch.TestBatches.BATCH;
import static io.vsp.detector.batch.TestBatches.CONTRACT;
import static io.vsp.detector.batch.TestBatches.P0;
import static io.vsp.detector.batch.TestBatches.P1;
import static io.vsp.detector.batch.TestBatches.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.wire.Detections;
import io.vsp.detector.preprocess.BatchPreprocessor;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.detector.preprocess.TestFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher against a mock consumer, with the test as the inference and publishing stages: a full batch is
 * handed over at once, one not full only when an engine slot is free, and while none is the open batch keeps
 * filling up to {@code batch.max}; a rewind takes the open batch apart and seeks; batches carry the rewinds
 * they were formed after.
 */
class FrameBatcherTest {
  final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  final BatchExchange exchange = new BatchExchange(1, List.of(new TestBatches.HeapInput(),
      new TestBatches.HeapInput()), consumer::wakeup);
  final List<Thread> helpers = new ArrayList<>();
  BatchPreprocessor preprocessor;
  final ArrayDeque<Batch> inEngine = new ArrayDeque<>();
  final long[] offsets = new long[2];
  FrameBatcher batcher;
  Thread thread;
  byte[] jpeg;

  @BeforeEach
  void frames() {
    jpeg = TestFrames.jpeg(TestFrames.image(160, 90, 0x808080), 0.85f);
  }

  private void start(Duration maxWait) {
    start(maxWait, 1);
  }

  private void start(Duration maxWait, int preprocessThreads) {
    start(maxWait, preprocessThreads, null, () -> { });
  }

  private void start(Duration maxWait, int preprocessThreads, FrameWindow window, Runnable finished) {
    List<Preprocessor> own = new ArrayList<>();
    for (int i = 0; i < preprocessThreads; i++) {
      own.add(new Preprocessor(CONTRACT, 64, 114));
    }
    preprocessor = new BatchPreprocessor(own);
    for (int i = 1; i < preprocessThreads; i++) {
      helpers.add(new Thread(preprocessor.helper(i), "preprocess-" + i + ":test"));
      helpers.get(i - 1).start();
    }
    batcher = new FrameBatcher(consumer, TOPIC, preprocessor, exchange,
        new HandOver(BATCH, maxWait.toNanos()), Duration.ofHours(1), lag -> { }, new FrameReader(
            LimitsConfig.DEFAULTS, new InvalidRecords(new PrometheusRegistry(), "detector", "", List.of(TOPIC)),
            () -> System.currentTimeMillis() * 1000), window, finished);
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(P0, P1));
      consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    });
    thread = new Thread(batcher, "batch:test");
    thread.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.assignment().size() == 2);
  }

  @AfterEach
  void stop() throws InterruptedException {
    while (!inEngine.isEmpty()) {
      publish(); // the "engine" finishes whatever it was given
    }
    batcher.stop();
    thread.join(10_000);
    preprocessor.stop();
    for (Thread t : helpers) {
      t.join(10_000);
    }
    preprocessor.close();
  }

  @Test
  void aBatchNotFullIsHandedOverMaxWaitAfterItsFirstFrameWhenAnEngineSlotIsFree() throws Exception {
    start(Duration.ofMillis(20));
    send(P0, 2);

    Batch batch = take();

    assertThat(batch.used()).isEqualTo(2);
    assertThat(batch.outcomes()).containsExactly(Detections.PROCESSED, Detections.PROCESSED);
    assertThat(batch.slots()).containsExactly(0, 1);
    assertThat(batch.letterboxes()).hasSize(2);
    assertThat(batch.formedNanos() - batch.frames().get(0).polledNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(batch.offsets()).containsOnlyKeys(P0);
    assertThat(batch.offsets().get(P0).offset()).isEqualTo(2);
  }

  @Test
  void whileTheEngineIsBusyTheOpenBatchFillsUpAndIsHandedOverFullOnceThereIsRoom() throws Exception {
    start(Duration.ZERO); // every batch is due at once: only a busy engine lets it grow
    send(P1, 1);
    take(); // the engine is working on it
    send(P0, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 3);
    assertThat(exchange.hasFormed()).as("a batch not full waits while the engine is busy").isFalse();

    send(P1, 5);
    Batch first = take(); // full: handed over though the engine is still busy
    assertThat(first.used()).as("filled past maxWait up to batch.max").isEqualTo(BATCH);
    Batch second = take();
    assertThat(second.used()).isEqualTo(BATCH);
    List<FrameRecord> all = new ArrayList<>(first.frames());
    all.addAll(second.frames());
    assertThat(all).filteredOn(f -> f.partition().equals(P0)).extracting(FrameRecord::offset)
        .containsExactly(0L, 1L, 2L);
    assertThat(all).filteredOn(f -> f.partition().equals(P1)).extracting(FrameRecord::offset)
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(List.of(first.number(), second.number())).containsExactly(1L, 2L);
  }

  @Test
  void aRewindTakesTheOpenBatchApartKeepingTheOtherPartitionsFramesInOrder() throws Exception {
    start(Duration.ofMillis(20));
    send(P0, 1);
    Batch aborted = take(); // in the engine: the next batch stays open
    send(P1, 1);
    send(P0, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 3 && consumer.position(P1) == 1);

    // its transaction aborted: read partition 0 again from 0 (the engine slot stays taken until the batcher
    // has applied the rewind, or the open batch would be handed over first, and dropped as not current)
    exchange.rewind(inEngine.pollFirst());
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 0);
    inferred(aborted);

    Batch batch = take();
    assertThat(batch.frames()).extracting(f -> f.partition().partition() + "@" + f.offset())
        .containsExactly("1@0");
    assertThat(batch.rewinds()).as("formed after the rewind: current").isEqualTo(1);
    assertThat(exchange.current(batch)).isTrue();
    assertThat(exchange.takeInput()).as("every buffer back, once").isNotNull();
    assertThat(exchange.takeInput()).isNotNull();
    assertThat(exchange.takeInput()).isNull();
  }

  @Test
  void anInvalidRecordGetsACorruptOutcomeInItsPlaceAndTakesNoSlot() throws Exception {
    start(Duration.ofMillis(500));
    send(P0, 1);
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offsets[0]++, "cam0".getBytes(StandardCharsets.UTF_8),
        new byte[] {1, 2}));
    send(P0, 1);

    Batch batch = take();

    assertThat(batch.outcomes()).containsExactly(Detections.PROCESSED, Detections.CORRUPT, Detections.PROCESSED);
    assertThat(batch.slots()).containsExactly(0, -1, 1);
    assertThat(batch.used()).isEqualTo(2);
  }

  @Test
  void withTwoPreprocessingThreadsTheBatchKeepsConsumptionOrderAndEachFrameItsOwnSlot() throws Exception {
    start(Duration.ofMillis(500), 2);
    send(P0, BATCH);

    Batch batch = take();

    assertThat(batch.frames()).extracting(FrameRecord::offset).containsExactly(0L, 1L, 2L, 3L);
    assertThat(batch.slots()).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(batch.letterboxes()).hasSize(BATCH).doesNotContainNull();
  }

  // -- the test as the inference and publishing stages -----------------------------------------------

  @Test
  void aReplayWindowSkipsFramesOutsideItStopsAtItsOffsetsAndFinishesOnceAllIsPublished() throws Exception {
    long now = System.currentTimeMillis() * 1000;
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    // cam0 on P0 is replayed up to offset 3; cam1 on P1 is not one of the cameras: skipped up to its stop 2
    start(Duration.ZERO, 1, new FrameWindow(now - 3_600_000_000L, now + 3_600_000_000L, java.util.Set.of("cam0"),
        Map.of(P0, 3L, P1, 2L)), finished::countDown);
    send(P1, 4);
    send(P0, 5);
    List<FrameRecord> frames = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    while (frames.size() < 5) {
      Batch batch = take();
      frames.addAll(batch.frames());
      outcomes.addAll(batch.outcomes());
      assertThat(batch.offsets().values()).allMatch(o -> o.metadata().startsWith("vsp-replay v1 from="));
      publish();
    }
    assertThat(frames).extracting(f -> f.partition().partition() + "@" + f.offset())
        .containsExactlyInAnyOrder("0@0", "0@1", "0@2", "1@0", "1@1");
    for (int i = 0; i < frames.size(); i++) {
      assertThat(outcomes.get(i)).isEqualTo(frames.get(i).camera().equals("cam0") ? Detections.PROCESSED
          : Batch.SKIPPED);
    }
    assertThat(finished.await(10, TimeUnit.SECONDS)).as("finished once both partitions reached their stops").isTrue();
    assertThat(consumer.paused()).containsExactlyInAnyOrder(P0, P1);
  }

  private Batch take() throws InterruptedException {
    Batch batch = exchange.takeFormed(10, TimeUnit.SECONDS);
    assertThat(batch).as("a batch handed over").isNotNull();
    if (batch.input() != null) {
      exchange.returnInput(batch.input());
    }
    inEngine.addLast(batch);
    return batch;
  }

  private void inferred(Batch batch) {
    exchange.inferred(new InferredBatch(batch, null, 0));
  }

  private void publish() throws InterruptedException {
    Batch batch = inEngine.pollFirst();
    inferred(batch);
    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.published(batch);
  }

  private void send(TopicPartition tp, int n) {
    for (int i = 0; i < n; i++) {
      long offset = offsets[tp.partition()]++;
      RecordHeaders headers = new RecordHeaders();
      Map.of("vsp.camera", "cam" + tp.partition(), "vsp.session", "1", "vsp.seq", Long.toString(offset),
          "vsp.pts", "0", "vsp.ts", Long.toString(System.currentTimeMillis() * 1000), "vsp.w", "160", "vsp.h", "90",
          "vsp.enc", "jpeg").forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
      consumer.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), offset, System.currentTimeMillis(),
          TimestampType.CREATE_TIME, 0, jpeg.length, ("cam" + tp.partition()).getBytes(StandardCharsets.UTF_8),
          jpeg, headers, Optional.empty()));
    }
  }
}
