package io.vsp.common.inbound;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record as it enters a service, whichever client read it (a consumer, or a Kafka Streams processor): where
 * it lies, and what a stranger may have written into it.
 *
 * @param key the key as UTF-8 text; null when the record has none
 * @param value the value bytes; null when the record has none
 * @param timestamp the record's Kafka timestamp, epoch ms
 */
public record Inbound(String topic, int partition, long offset, long timestamp, String key, byte[] value,
                      Headers headers) {
  public Inbound {
    headers = headers == null ? new RecordHeaders() : headers;
  }

  public static Inbound of(ConsumerRecord<byte[], byte[]> r) {
    return new Inbound(r.topic(), r.partition(), r.offset(), r.timestamp(),
        r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value(), r.headers());
  }

  /** Where the record lies, for log lines: {@code topic-partition@offset}. */
  public String where() {
    return topic + "-" + partition + "@" + offset;
  }
}
