package io.vsp.bench;

import io.vsp.common.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/** What the broker holds for a topic, read back to check what the benchmark sent: records and bytes. */
public final class TopicStats {
  private TopicStats() {}

  /** Records in a topic written only by one pass: the sum of its partitions' end offsets. */
  public static long records(KafkaClients clients, String topic) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }
  }

  /** Bytes of the topic's logs on the brokers (record payloads plus some 100 bytes of framing each). */
  public static long bytes(KafkaClients clients, String topic) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      long sum = 0;
      for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (var dir : dirs.values()) {
          for (var replica : dir.replicaInfos().entrySet()) {
            if (replica.getKey().topic().equals(topic)) {
              sum += replica.getValue().size();
            }
          }
        }
      }
      return sum;
    }
  }
}
