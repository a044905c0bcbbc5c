package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.key;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.wire.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The latest {@code status} record of each camera, as a dashboard would show it. */
record StatusView(Map<String, JsonNode> latest) {
  static StatusView of(List<ConsumerRecord<byte[], byte[]>> records, long sinceMs) {
    Map<String, JsonNode> latest = new TreeMap<>();
    for (var r : records) {
      if (r.timestamp() >= sinceMs && r.value() != null) {
        latest.put(key(r), Json.read(r.value(), JsonNode.class));
      }
    }
    return new StatusView(latest);
  }

  /** Cameras online per worker. */
  Map<String, Integer> onlinePerWorker() {
    Map<String, Integer> out = new TreeMap<>();
    latest.values().stream().filter(s -> s.get("state").asText().equals("online"))
        .forEach(s -> out.merge(s.get("worker").asText(), 1, Integer::sum));
    return out;
  }
}
