package io.vsp.ingest.publish;

import java.nio.charset.StandardCharsets;
import io.vsp.common.logging.BurstLog;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends ingest records without ever blocking a camera reader. The producer is configured with
 * {@code max.block.ms=0}: when Kafka is away or slow and its bounded buffer is full, {@code send} fails
 * at once and the record is dropped and counted; records already buffered are delivered when Kafka
 * returns, or counted as dropped when their delivery times out.
 */
public final class MediaPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaPublisher.class);

  private final Producer<byte[], byte[]> producer;
  private final IngestMetrics metrics;
  private final BurstLog dropLog = new BurstLog(log, 10_000);

  public MediaPublisher(Properties producerProperties, IngestMetrics metrics) {
    this(new KafkaProducer<>(producerProperties), metrics);
  }

  MediaPublisher(Producer<byte[], byte[]> producer, IngestMetrics metrics) {
    this.producer = producer;
    this.metrics = metrics;
  }

  /** What becomes of a record: exactly one of the two runs, on the producer's I/O thread. */
  public interface Outcome {
    void acked();

    /** The record was lost; the drop is counted already. */
    default void dropped() {}
  }

  /**
   * Fetches the topics' metadata, so that sends do not fail for want of it (send never waits for it).
   *
   * @return false when Kafka did not answer in time
   */
  public boolean warmUp(java.util.List<String> topics, java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String topic : topics) {
      while (true) {
        try {
          producer.partitionsFor(topic);
          break;
        } catch (KafkaException e) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // metadata is being fetched
        }
      }
    }
    return true;
  }

  /**
   * Sends one record keyed by camera.
   *
   * @param timestampMs the record timestamp: the capture time
   * @return false when the record was dropped at once (the outcome's {@code dropped} has run)
   */
  public boolean send(String topic, String camera, long timestampMs, byte[] value, RecordHeaders headers,
                      Outcome outcome) {
    long start = System.nanoTime();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestampMs,
        camera.getBytes(StandardCharsets.UTF_8), value, headers);
    try {
      producer.send(record, (meta, error) -> {
        if (error == null) {
          metrics.publishSeconds.observe((System.nanoTime() - start) / 1e9);
          outcome.acked();
        } else {
          dropped(camera, topic, error);
          outcome.dropped();
        }
      });
      return true;
    } catch (KafkaException | IllegalStateException e) {
      dropped(camera, topic, e);
      outcome.dropped();
      return false;
    }
  }

  /** Waits for what was sent, then closes; bounded so shutdown stays within its budget. */
  public void close(java.time.Duration timeout) {
    producer.close(timeout);
  }

  @Override
  public void close() {
    close(java.time.Duration.ofSeconds(5));
  }

  private void dropped(String camera, String topic, Exception e) {
    metrics.dropped.labelValues(camera, IngestMetrics.DROP_KAFKA).inc();
    dropLog.warn("dropping records for Kafka: {} ({} to {})", describe(e), camera, topic);
  }


  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
