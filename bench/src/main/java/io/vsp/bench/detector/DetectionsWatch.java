package io.vsp.bench.detector;

import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the {@code detections} topic as a downstream consumer does ({@code read_committed}, every
 * partition from the beginning, no group) on a thread of its own, and notes for each record when it became
 * visible. The benchmark's clock: a frame is done when its record can be read here.
 */
final class DetectionsWatch implements AutoCloseable {
  /** One detections record and when this reader got it (epoch µs). */
  record Seen(Detections detections, long captureUs, long seenUs) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final List<Seen> seen = new ArrayList<>(); // guarded by this
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  DetectionsWatch(String bootstrap, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the broker answers as soon as a commit makes records visible; this only bounds an idle wait
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    if (partitions.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::read, "bench-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void read() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        long now = FrameFeed.micros(Instant.now());
        List<Seen> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<byte[], byte[]> r : records) {
          Detections d = Json.read(r.value(), Detections.class);
          batch.add(new Seen(d, FrameFeed.micros(Instant.parse(d.ts())), now));
        }
        synchronized (this) {
          seen.addAll(batch);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  synchronized int count() {
    if (failure != null) {
      throw new IllegalStateException("reading detections failed: " + failure, failure);
    }
    return seen.size();
  }

  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Problems with the records seen against {@code expected} frames: counts, duplicates, outcomes. */
  synchronized List<String> check(long expected) {
    List<String> problems = new ArrayList<>();
    Set<String> frames = new HashSet<>();
    Map<String, Integer> outcomes = new HashMap<>();
    for (Seen s : seen) {
      Detections d = s.detections();
      if (!frames.add(d.camera() + "/" + d.session() + "/" + d.seq())) {
        problems.add("two detections records for " + d.camera() + " seq " + d.seq());
      }
      outcomes.merge(d.status(), 1, Integer::sum);
    }
    if (seen.size() != expected) {
      problems.add(seen.size() + " detections records for " + expected + " frames");
    }
    if (outcomes.getOrDefault(Detections.PROCESSED, 0) != seen.size()) {
      problems.add("not every frame was processed: " + outcomes);
    }
    return problems;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
