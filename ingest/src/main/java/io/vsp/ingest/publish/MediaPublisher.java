package io.vsp.ingest.publish;

import java.nio.charset.StandardCharsets;
import io.vsp.common.kafka.KafkaClients;
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
 * returns, or counted as dropped when their delivery times out. A value larger than
 * {@link #MAX_VALUE_BYTES} is dropped before it is sent.
 */
public final class MediaPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaPublisher.class);

  /**
   * Room left in a record for what is not the value: the camera key, about ten {@code vsp.*} headers
   * (under 1 KiB together) and the record and batch framing (about 100 bytes), with a wide margin.
   */
  public static final int RECORD_HEADROOM_BYTES = 16 * 1024;

  /**
   * Largest value a media record may carry. The producer, the topics and the consumers all stop at
   * {@link KafkaClients#MAX_RECORD_BYTES}; whatever ingest reads from a camera (packets, access units,
   * JPEGs) is capped here, so a broken or hostile camera cannot grow memory without bound, and a unit
   * that could never be sent is dropped as {@code too_large} rather than as a Kafka failure.
   */
  public static final int MAX_VALUE_BYTES = KafkaClients.MAX_RECORD_BYTES - RECORD_HEADROOM_BYTES;

  private final Producer<byte[], byte[]> producer;
  private final IngestMetrics metrics;
  private final BurstLog dropLog = new BurstLog(log, 10_000);
  private final BurstLog tooLargeLog = new BurstLog(log, 10_000);

  public MediaPublisher(Properties producerProperties, IngestMetrics metrics) {
    this(new KafkaProducer<>(producerProperties), metrics);
  }

  /** Over a given producer (tests pass Kafka's {@code MockProducer}); closing this closes it. */
  public MediaPublisher(Producer<byte[], byte[]> producer, IngestMetrics metrics) {
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
   * @return false when the record was dropped at once (the outcome's {@code dropped} has run): too
   *     large, or Kafka's buffer full
   */
  public boolean send(String topic, String camera, long timestampMs, byte[] value, RecordHeaders headers,
                      Outcome outcome) {
    if (value.length > MAX_VALUE_BYTES) {
      tooLarge(camera, topic + " record", value.length);
      outcome.dropped();
      return false;
    }
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

  /**
   * Counts and logs (once per burst) input dropped for its size: a record value, or a packet or access
   * unit that no record could carry.
   */
  public void tooLarge(String camera, String what, long bytes) {
    metrics.dropped.labelValues(metrics.camera(camera), IngestMetrics.DROP_TOO_LARGE).inc();
    tooLargeLog.warn("camera {}: dropping a {} of {} bytes, above the {} byte limit", camera, what, bytes,
        MAX_VALUE_BYTES);
  }

  private void dropped(String camera, String topic, Exception e) {
    metrics.dropped.labelValues(metrics.camera(camera), IngestMetrics.DROP_KAFKA).inc();
    dropLog.warn("dropping records for Kafka: {} ({} to {})", describe(e), camera, topic);
  }


  private static String describe(Exception e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
