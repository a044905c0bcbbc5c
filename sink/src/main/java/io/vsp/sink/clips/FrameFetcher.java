package io.vsp.sink.clips;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one {@code frames} record (a JPEG) by partition and offset, as named in a detections record: the
 * source of snapshots. Owned by one thread (the clipper's).
 */
public final class FrameFetcher implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;

  /** @param consumer without a group (assign mode), read_committed, byte arrays; owned from now on */
  public FrameFetcher(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** The JPEG at that offset, or null when it is gone (retention) or not there within the timeout. */
  public byte[] fetch(int partition, long offset, Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (r.offset() == offset) {
          return r.value();
        }
        if (r.offset() > offset) {
          return null; // removed by retention or an aborted transaction's record
        }
      }
    }
    return null;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
