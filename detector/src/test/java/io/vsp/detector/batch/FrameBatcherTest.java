package io.vsp.detector.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.postprocess.OutputDecoder;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.detector.preprocess.TestFrames;
import io.vsp.detector.publish.DetectionsPublisher;
import io.vsp.detector.publish.DetectorMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher against a mock consumer, with the test as the inference stage: a full batch is handed over
 * at once, one not full only when inference is free, and while it is busy the open batch keeps filling up
 * to {@code batch.max}; a rewind takes the open batch apart; a batch formed before a rewind took effect is
 * dropped by the real publisher (mock producer) and its frames read again.
 */
class FrameBatcherTest {
  static final String TOPIC = "frames";
  static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  static final int BATCH = 4;
  static final ModelContract CONTRACT = new ModelContract("test", InputType.UINT8, BATCH, 64, 64,
      OutputFormat.RAW, 80, "fp32");

  final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  final BlockingQueue<InputBatch> freeInputs = new ArrayBlockingQueue<>(2);
  final BlockingQueue<Batch> handoff = new ArrayBlockingQueue<>(1);
  final InFlight inFlight = new InFlight();
  final Preprocessor preprocessor = new Preprocessor(CONTRACT, 64, 114);
  final long[] offsets = new long[2];
  FrameBatcher batcher;
  Thread thread;
  byte[] jpeg;

  @BeforeEach
  void buffers() {
    jpeg = TestFrames.jpeg(TestFrames.image(160, 90, 0x808080), 0.85f);
    freeInputs.add(new HeapInput());
    freeInputs.add(new HeapInput());
  }

  private void start(Duration maxWait) {
    batcher = new FrameBatcher(consumer, TOPIC, preprocessor, freeInputs, handoff, inFlight, BATCH, maxWait,
        Duration.ofHours(1), lag -> { }, new FrameReader(LimitsConfig.DEFAULTS, new InvalidRecords(
            new PrometheusRegistry(), "detector", "", List.of(TOPIC)), () -> System.currentTimeMillis() * 1000));
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
    while (!inFlight.idle()) {
      inFlight.done(); // the "engine" finishes whatever it was given
    }
    batcher.stop();
    thread.join(10_000);
    preprocessor.close();
  }

  @Test
  void aBatchNotFullIsHandedOverMaxWaitAfterItsFirstFrameWhenInferenceIsFree() throws Exception {
    start(Duration.ofMillis(20));
    send(P0, 2);

    Batch batch = take();

    assertThat(batch.used()).isEqualTo(2);
    assertThat(batch.outcomes()).containsExactly(Detections.PROCESSED, Detections.PROCESSED);
    assertThat(batch.formedNanos() - batch.frames().get(0).polledNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    assertThat(batch.offsets()).containsOnlyKeys(P0);
    assertThat(batch.offsets().get(P0).offset()).isEqualTo(2);
  }

  @Test
  void whileInferenceIsBusyTheOpenBatchFillsUpAndIsHandedOverFullOnceItIsFree() throws Exception {
    start(Duration.ZERO); // every batch is due at once: only a busy engine lets it grow
    inFlight.add(); // the engine is working on an earlier batch
    send(P0, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 3);
    assertThat(handoff.poll()).as("a batch not full waits while inference is busy").isNull();

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
        .containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void aRewindTakesTheOpenBatchApartKeepingTheOtherPartitionsFramesInOrder() throws Exception {
    start(Duration.ofMillis(20));
    inFlight.add();
    send(P1, 1);
    send(P0, 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 2 && consumer.position(P1) == 1);

    batcher.rewind(Map.of(P0, 0L)); // the earlier batch's transaction aborted: read partition 0 again
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 0);
    free();

    Batch batch = take();
    assertThat(batch.frames()).extracting(f -> f.partition().partition() + "@" + f.offset())
        .containsExactly("1@0");
    assertThat(freeInputs).as("the open batch's buffer went back, once").hasSize(2);
  }

  @Test
  void aBatchFormedBeforeARewindTookEffectIsNoLongerCurrent() throws Exception {
    start(Duration.ofMillis(20));
    send(P0, BATCH);
    Batch before = take();
    assertThat(batcher.current(before)).isTrue();

    batcher.rewind(Map.of(P1, 0L)); // another batch's transaction aborted
    assertThat(batcher.current(before)).as("may hold frames past what is read again").isFalse();

    send(P0, BATCH);
    Batch after = take();
    assertThat(after.frames()).extracting(FrameRecord::offset).containsExactly(4L, 5L, 6L, 7L);
    assertThat(batcher.current(after)).isTrue();
  }

  @Test
  void thePublisherDropsABatchFormedBeforeARewindAndItsFramesAreReadAgain() throws Exception {
    start(Duration.ofMillis(20));
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
        new ByteArraySerializer());
    producer.initTransactions();
    List<Throwable> fatal = new CopyOnWriteArrayList<>();
    DetectionsPublisher publisher = new DetectionsPublisher(new NoEngine(), new OutputDecoder(CONTRACT,
        Labels.coco(), 0.5, 0.5, 300), producer, true, "detections", "test", handoff, freeInputs, inFlight, batcher,
        new DetectorMetrics(new PrometheusRegistry()), fatal::add);
    // frames 10 and 11 of partition 0 in a batch formed, then another batch's transaction aborted
    List<FrameRecord> frames = List.of(frame(P0, 10), frame(P0, 11));
    Batch stale = new Batch(frames, List.of(Detections.STALE, Detections.STALE), List.of(-1, -1), List.of(), null, 0,
        Map.of(P0, new OffsetAndMetadata(12)), consumer.groupMetadata(), System.nanoTime(), 0);
    batcher.rewind(Map.of(P1, 0L));
    inFlight.add();
    handoff.add(stale);

    Thread infer = new Thread(publisher, "infer:test");
    infer.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> consumer.position(P0) == 10);
      assertThat(inFlight.idle()).isTrue();
      assertThat(producer.history()).as("nothing of the dropped batch sent").isEmpty();
      assertThat(producer.transactionCommitted()).isFalse();
      assertThat(fatal).isEmpty();
    } finally {
      publisher.stop();
      infer.join(10_000);
    }
  }

  // -- the test as the inference stage ---------------------------------------------------------------

  private Batch take() throws InterruptedException {
    Batch batch = handoff.poll(10, TimeUnit.SECONDS);
    assertThat(batch).as("a batch handed over").isNotNull();
    if (batch.input() != null) {
      freeInputs.add(batch.input());
    }
    return batch;
  }

  private void free() {
    inFlight.done();
    batcher.wake();
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

  private static FrameRecord frame(TopicPartition tp, long offset) {
    return new FrameRecord("cam" + tp.partition(), "1", offset, 0, 0, tp, offset, 160, 90, new byte[] {1},
        System.nanoTime(), ("cam" + tp.partition()).getBytes(StandardCharsets.UTF_8), true);
  }

  /** An engine that must not be asked to infer. */
  private static final class NoEngine implements InferenceEngine {
    @Override
    public ModelContract contract() {
      return CONTRACT;
    }

    @Override
    public String engineName() {
      return "none";
    }

    @Override
    public InputBatch newInputBatch() {
      return new HeapInput();
    }

    @Override
    public RawOutput infer(InputBatch batch, int used) {
      throw new AssertionError("a dropped batch was inferred");
    }

    @Override
    public void close() {}
  }

  /** An engine input of direct buffers, uint8 [3,64,64] per slot. */
  private static final class HeapInput implements InputBatch {
    private final ByteBuffer[] slots = new ByteBuffer[BATCH];

    HeapInput() {
      for (int i = 0; i < BATCH; i++) {
        slots[i] = ByteBuffer.allocateDirect(3 * 64 * 64);
      }
    }

    @Override
    public int capacity() {
      return BATCH;
    }

    @Override
    public ByteBuffer slot(int index) {
      return slots[index].clear();
    }

    @Override
    public void clear(int fromSlot) {}
  }
}
