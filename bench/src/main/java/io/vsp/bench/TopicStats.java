package io.vsp.bench;

import io.vsp.common.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

/** What the broker holds for a topic, read back to check what the benchmark sent: records and bytes. */
public final class TopicStats {
  private TopicStats() {}

  /** Records in a topic written only by one pass: the sum of its partitions' end offsets. */
  public static long records(KafkaClients clients, String topic) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      return endOffsets(admin, Set.of(topic)).values().stream().mapToLong(Long::longValue).sum();
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

  /** Records and log bytes a topic holds at one moment. */
  public record Traffic(long records, long bytes) {
    public Traffic minus(Traffic before) {
      return new Traffic(records - before.records, bytes - before.bytes);
    }
  }

  /** Records and bytes of every topic whose name starts with {@code prefix}, by topic name, in one admin session. */
  public static Map<String, Traffic> traffic(KafkaClients clients, String prefix)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      Set<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
          .collect(Collectors.toSet());
      Map<String, Long> records = new HashMap<>();
      endOffsets(admin, topics).forEach((tp, end) -> records.merge(tp.topic(), end, Long::sum));
      Map<String, Long> bytes = new HashMap<>();
      List<Integer> brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
        for (var dir : dirs.values()) {
          dir.replicaInfos().forEach((tp, replica) -> {
            if (topics.contains(tp.topic())) {
              bytes.merge(tp.topic(), replica.size(), Long::sum);
            }
          });
        }
      }
      Map<String, Traffic> traffic = new TreeMap<>();
      topics.forEach(t -> traffic.put(t, new Traffic(records.getOrDefault(t, 0L), bytes.getOrDefault(t, 0L))));
      return traffic;
    }
  }

  /**
   * Records of {@code topic} a consumer group has not committed yet (a partition it never committed counts
   * whole); -1 when the group has committed nothing at all.
   */
  public static long lag(KafkaClients clients, String group, String topic)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      long committed = committed(admin, group, topic);
      return committed < 0 ? -1
          : endOffsets(admin, Set.of(topic)).values().stream().mapToLong(Long::longValue).sum() - committed;
    }
  }

  /** The sum of a consumer group's committed offsets on {@code topic}: records it has processed; -1 if none. */
  public static long committed(KafkaClients clients, String group, String topic)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(clients.admin("bench-stats"))) {
      return committed(admin, group, topic);
    }
  }

  private static long committed(Admin admin, String group, String topic) throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset()).reduce(Long::sum).orElse(-1);
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
      d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
        : admin.listOffsets(latest).all().get().entrySet()) {
      ends.put(e.getKey(), e.getValue().offset());
    }
    return ends;
  }
}
