package io.vsp.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Measures what a downstream consumer sees: from the capture of the frame that confirmed a track to its
 * {@code start} event being readable (committed) on the events topic. Runs on its own thread
 * ({@code event-latency}) while the demo runs.
 */
public final class EventLatencyProbe implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final List<Double> startMillis = new ArrayList<>(); // guarded by this
  private final Thread thread;
  private volatile boolean running = true;

  public EventLatencyProbe(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.thread = new Thread(this::run, "event-latency");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      List<TopicPartition> tps = List.of();
      while (running && tps.isEmpty()) { // the sink creates the topic as it starts
        tps = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          try {
            JsonNode e = Json.read(r.value(), JsonNode.class);
            if ("start".equals(e.path("type").asText())) {
              Instant capture = Instant.parse(e.path("ts").asText());
              synchronized (this) {
                startMillis.add((double) (now - capture.toEpochMilli()));
              }
            }
          } catch (RuntimeException ignored) {
            // not an event record: nothing to measure
          }
        }
      }
    } catch (WakeupException e) {
      // close()
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** p50 and p99 of the start-event latency in milliseconds, and the number of start events; NaN without any. */
  public synchronized double[] startLatency() {
    List<Double> sorted = new ArrayList<>(startMillis);
    sorted.sort(Double::compare);
    if (sorted.isEmpty()) {
      return new double[] {Double.NaN, Double.NaN, 0};
    }
    return new double[] {sorted.get((int) Math.round(0.5 * (sorted.size() - 1))),
        sorted.get((int) Math.round(0.99 * (sorted.size() - 1))), sorted.size()};
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
