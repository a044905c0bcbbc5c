package io.vsp.sink.clips;

import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.inbound.RecordRules;
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
  private final RecordGate gate;

  /** @param consumer without a group (assign mode), read_committed, byte arrays; owned from now on */
  public FrameFetcher(KafkaConsumer<byte[], byte[]> consumer, String topic, RecordGate gate) {
    this.consumer = consumer;
    this.topic = topic;
    this.gate = gate;
  }

  /**
   * The JPEG at that offset, or null when it is gone (retention), not there within the timeout, or invalid
   * (checked like the detector checks it, so a snapshot never decodes an image that claims too many pixels).
   */
  public byte[] fetch(int partition, long offset, Duration timeout) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (r.offset() == offset) {
          return gate.admit(Inbound.of(r), RecordRules::frame) == null ? null : r.value();
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
