package io.vsp.detector.publish;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.FrameRecord;
import io.vsp.detector.batch.InferredBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing stage, on its own thread ({@code publish:<model>}): takes inferred batches from the exchange
 * in hand-over order, has {@link DetectionsDecoder} turn each into one {@code detections} record per frame
 * (which gives the engine's output buffer back), and sends them. With exactly-once, the records and the consumer offsets go in one Kafka transaction; an
 * aborted transaction rewinds the batch's partitions, so the frames are read again and nothing is lost or
 * repeated. A batch formed before a rewind took effect is dropped uncommitted and its frames read again too:
 * committing it would move the offsets past the frames being read again.
 */
public final class DetectionsPublisher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DetectionsPublisher.class);

  private final BatchExchange exchange;
  private final DetectionsDecoder decoder;
  private final Producer<byte[], byte[]> producer;
  private final boolean exactlyOnce;
  private final String topic;
  private final DetectorMetrics metrics;
  private volatile boolean running = true;

  public DetectionsPublisher(BatchExchange exchange, DetectionsDecoder decoder, Producer<byte[], byte[]> producer,
                             boolean exactlyOnce, String topic, DetectorMetrics metrics) {
    this.exchange = exchange;
    this.decoder = decoder;
    this.producer = producer;
    this.exactlyOnce = exactlyOnce;
    this.topic = topic;
    this.metrics = metrics;
  }

  public void stop() {
    running = false;
  }

  /**
   * Publishes until {@link #stop}, then what is still in the engine. A fenced producer (another instance took
   * our transactional.id) or a broken rule ends the thread with an exception: the service's fatal path.
   */
  @Override
  public void run() {
    try {
      while (running || exchange.inferring()) {
        FaultHook.throwIfTriggered("publish");
        InferredBatch inferred = exchange.takeInferred(100, TimeUnit.MILLISECONDS);
        if (inferred == null) {
          continue;
        }
        Batch batch = inferred.batch();
        if (!exchange.current(batch)) {
          inferred.release(); // not decoded: its output buffer goes back to the engine as it is
          exchange.drop(batch); // formed before a rewind took effect
        } else if (publish(inferred)) {
          exchange.published(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** @return false when the transaction was aborted (and the batch rewound) */
  private boolean publish(InferredBatch inferred) {
    Batch batch = inferred.batch();
    long now = System.nanoTime();
    long nowUs = System.currentTimeMillis() * 1000;
    List<Detections> detections = decoder.decode(inferred, nowUs);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(detections.size());
    for (int i = 0; i < detections.size(); i++) {
      if (detections.get(i) == null) {
        continue; // skipped by a replay: its offset is committed with the batch, no record
      }
      FrameRecord f = batch.frames().get(i);
      records.add(new ProducerRecord<>(topic, null, f.captureUs() / 1000, f.key(), Json.write(detections.get(i))));
    }
    if (exactlyOnce) {
      if (!sendTransactionally(batch, records)) {
        return false;
      }
    } else {
      records.forEach(r -> producer.send(r, (m, e) -> ack(e)));
      producer.flush();
      exchange.commitLater(batch.offsets());
    }
    for (int i = 0; i < batch.frames().size(); i++) {
      if (detections.get(i) == null) {
        continue;
      }
      FrameRecord f = batch.frames().get(i);
      String camera = metrics.cameraSeen(f.camera());
      metrics.frames.labelValues(camera, batch.outcomes().get(i)).inc();
      metrics.latencySeconds.labelValues(camera).observe(Math.max(0, nowUs - f.captureUs()) / 1e6
          + (System.nanoTime() - now) / 1e9);
    }
    return true;
  }

  /** Returns false when the transaction was aborted: the batch is rewound and its frames read again. */
  private boolean sendTransactionally(Batch batch, List<ProducerRecord<byte[], byte[]>> records) {
    try {
      producer.beginTransaction();
      records.forEach(producer::send);
      producer.sendOffsetsToTransaction(batch.offsets(), batch.group());
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. a rebalance moved the partitions (the group generation changed): nothing was committed
      log.warn("transaction aborted ({}); the batch's {} frames will be read again", e.toString(),
          batch.frames().size());
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        log.warn("abort failed: {}", abortFailed.toString());
      }
      exchange.rewind(batch);
      return false;
    }
  }

  private void ack(Exception e) {
    if (e != null) {
      log.warn("detections record not acknowledged: {}", e.toString());
    }
  }
}
