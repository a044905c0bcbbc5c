package io.vsp.sink.http;

import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link EventIndex} of the page and {@code /api/events} current ({@code index} thread): reads every
 * partition of {@code events} and {@code clips} (no group: each sink instance shows all cameras' events), from
 * {@code since} on, committed records only.
 */
public final class EventFeed implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String eventsTopic;
  private final String clipsTopic;
  private final EventIndex index;
  private final Duration history;
  private final RecordGate gate;
  private volatile boolean running = true;

  /**
   * @param consumer without a group, read_committed; owned from now on
   * @param history how far back to read at start (the store's maxAge: older clips are gone anyway)
   */
  public EventFeed(KafkaConsumer<byte[], byte[]> consumer, String eventsTopic, String clipsTopic, EventIndex index,
                   Duration history, RecordGate gate) {
    this.consumer = consumer;
    this.eventsTopic = eventsTopic;
    this.clipsTopic = clipsTopic;
    this.index = index;
    this.history = history;
    this.gate = gate;
  }

  @Override
  public void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(eventsTopic, clipsTopic)) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      long since = Instant.now().minus(history).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, since));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp at = found.get(tp);
        if (at != null) {
          consumer.seek(tp, at.offset());
        } else {
          consumer.seekToEnd(List.of(tp));
        }
      }
      while (running) {
        FaultHook.throwIfTriggered("index");
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          accept(r);
        }
      }
    } catch (WakeupException e) {
      // stop()
    } finally { // anything else ends the thread: its handler (the service's fatal path) ends the service
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void accept(ConsumerRecord<byte[], byte[]> r) {
    // ids and URLs reach the page and the store's paths: only records that keep the rules get in
    if (r.topic().equals(eventsTopic)) {
      Event event = gate.admit(Inbound.of(r), RecordRules::event);
      if (event != null) {
        index.accept(event);
      }
    } else {
      Clip clip = gate.admit(Inbound.of(r), RecordRules::clip);
      if (clip != null) {
        index.accept(clip);
      }
    }
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }
}
