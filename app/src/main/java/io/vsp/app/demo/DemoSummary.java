package io.vsp.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.wire.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a demo run produced, read back from its topics (committed records only): frames, detections with
 * their capture-to-detections latency, and the events' {@link Progress}.
 */
public record DemoSummary(long frames, long detections, double latencyP50Ms, double latencyP99Ms,
                          Progress progress) {

  /**
   * The events and clips so far: what the demo waits on at its end (read often, so it leaves the large
   * frames and detections topics alone).
   *
   * @param events ids of every event seen
   * @param ended ids of the events that have ended
   * @param clipIds ids of the clips built (a clip's id is its event's)
   * @param clipPaths the clips' files below the store
   */
  public record Progress(Set<String> events, long eventRecords, Set<String> ended, Set<String> clipIds,
                         List<String> clipPaths) {
    /** At least one event, every event ended, and every ended event has its clip. */
    public boolean allClipped() {
      return !events.isEmpty() && ended.equals(events) && clipIds.containsAll(ended);
    }
  }

  /** Reads the topics {@code prefix}frames.. from the beginning to their current ends. */
  public static DemoSummary read(String bootstrap, String prefix) {
    List<Double> latencies = new ArrayList<>();
    long frames = count(bootstrap, prefix + "frames", r -> { });
    long detections = count(bootstrap, prefix + "detections", r -> {
      JsonNode d = Json.read(r.value(), JsonNode.class);
      if ("processed".equals(d.path("status").asText())) {
        latencies.add(d.path("timing").path("e2eMs").asDouble());
      }
    });
    latencies.sort(Double::compare);
    return new DemoSummary(frames, detections, percentile(latencies, 0.50), percentile(latencies, 0.99),
        progress(bootstrap, prefix));
  }

  /** Reads {@code prefix}events and {@code prefix}clips from the beginning to their current ends. */
  public static Progress progress(String bootstrap, String prefix) {
    Set<String> events = new HashSet<>();
    Set<String> ended = new HashSet<>();
    Set<String> clipIds = new HashSet<>();
    List<String> clipPaths = new ArrayList<>();
    long eventRecords = count(bootstrap, prefix + "events", r -> {
      JsonNode e = Json.read(r.value(), JsonNode.class);
      events.add(e.path("id").asText());
      if ("end".equals(e.path("type").asText())) {
        ended.add(e.path("id").asText());
      }
    });
    count(bootstrap, prefix + "clips", r -> {
      JsonNode c = Json.read(r.value(), JsonNode.class);
      clipIds.add(c.path("id").asText());
      clipPaths.add(c.path("path").asText());
    });
    return new Progress(Set.copyOf(events), eventRecords, Set.copyOf(ended), Set.copyOf(clipIds),
        List.copyOf(clipPaths));
  }

  public void print(PrintWriter out) {
    out.printf("frames %d, detections %d, events %d (%d records), clips %d%n", frames, detections,
        progress.events().size(), progress.eventRecords(), progress.clipPaths().size());
    out.printf("end-to-end latency (capture to detections) p50 %.0f ms, p99 %.0f ms%n", latencyP50Ms, latencyP99Ms);
  }

  private static double percentile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1))));
  }

  private static long count(String bootstrap, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
    long n = 0;
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> tps = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = c.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          n++;
          try {
            each.accept(r);
          } catch (RuntimeException e) {
            // an unreadable record counts, and adds nothing else
          }
        }
      }
    }
    return n;
  }
}
