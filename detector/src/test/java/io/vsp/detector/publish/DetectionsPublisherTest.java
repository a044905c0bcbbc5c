package io.vsp.detector.publish;

import static io.vsp.detector.batch.TestBatches.CONTRACT;
import static io.vsp.detector.batch.TestBatches.P0;
import static io.vsp.detector.batch.TestBatches.P1;
import static io.vsp.detector.batch.TestBatches.nothingFound;
import static io.vsp.detector.batch.TestBatches.processed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.wire.Labels;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.InferredBatch;
import io.vsp.detector.batch.TestBatches;
import io.vsp.detector.postprocess.OutputDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publishing stage against a mock producer, with the test as the batcher and the inference stage: two
 * batches in flight are committed in hand-over order; when the first one's transaction aborts, the second,
 * formed before that rewind, is dropped uncommitted and both are read again.
 */
class DetectionsPublisherTest {
  final BatchExchange exchange = new BatchExchange(2, List.of(new TestBatches.HeapInput(),
      new TestBatches.HeapInput(), new TestBatches.HeapInput()), () -> { });
  final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
      new ByteArraySerializer());
  final DetectionsPublisher publisher = new DetectionsPublisher(exchange, new DetectionsDecoder(
      new OutputDecoder(CONTRACT, Labels.coco(), 0.5, 0.5, 300), "test", "none", CONTRACT), producer, true,
      "detections", new DetectorMetrics(new PrometheusRegistry()));
  final Thread thread = new Thread(publisher, "publish:test");
  final AtomicInteger released = new AtomicInteger();

  @AfterEach
  void stop() throws InterruptedException {
    publisher.stop();
    thread.join(10_000);
  }

  @Test
  void batchesInFlightAreCommittedInHandOverOrderOneRecordPerFrame() throws Exception {
    producer.initTransactions();
    Batch first = handOver(processed(0, P0, 0, 2, exchange.takeInput(), 0));
    Batch second = handOver(processed(1, P0, 2, 3, exchange.takeInput(), 0));
    exchange.inferred(new InferredBatch(second, nothingFound(3, released::incrementAndGet), 1)); // quicker slot
    exchange.inferred(new InferredBatch(first, nothingFound(2, released::incrementAndGet), 1));
    thread.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> exchange.awaitPublished(Duration.ZERO));

    assertThat(producer.history()).hasSize(5);
    assertThat(producer.consumerGroupOffsetsHistory()).containsExactly(
        Map.of("detector", Map.of(P0, new OffsetAndMetadata(2))),
        Map.of("detector", Map.of(P0, new OffsetAndMetadata(5))));
    assertThat(released).as("both output buffers given back to the engine").hasValue(2);
  }

  @Test
  void anAbortedTransactionRewindsAndTheBatchFormedBeforeItIsNeverCommitted() throws Exception {
    producer.initTransactions();
    producer.commitTransactionException = new KafkaException("the group generation changed");
    Batch aborted = handOver(processed(0, P1, 7, 1, exchange.takeInput(), 0));
    Batch formedBefore = handOver(processed(1, P0, 10, 2, exchange.takeInput(), 0));
    exchange.inferred(new InferredBatch(aborted, nothingFound(1, released::incrementAndGet), 1));
    exchange.inferred(new InferredBatch(formedBefore, nothingFound(2, released::incrementAndGet), 1));
    thread.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> exchange.awaitPublished(Duration.ZERO));

    assertThat(producer.transactionAborted()).isTrue();
    assertThat(producer.transactionCommitted()).isFalse();
    assertThat(producer.history()).as("nothing committed").isEmpty();
    assertThat(producer.consumerGroupOffsetsHistory()).isEmpty();
    BatchExchange.Rewinds rewinds = exchange.takeRewinds();
    assertThat(rewinds.offsets()).as("both batches read again").isEqualTo(Map.of(P1, 7L, P0, 10L));
    assertThat(released).as("the decoded and the dropped batch's output buffers given back").hasValue(2);
  }

  private Batch handOver(Batch batch) throws InterruptedException {
    exchange.handOver(batch);
    Batch taken = exchange.takeFormed(1, TimeUnit.SECONDS);
    exchange.returnInput(taken.input());
    return taken;
  }
}
