package io.vsp.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VSP topics of SPEC §5 with their retention, and their creation when missing. Existing topics are
 * left as the operator configured them.
 */
public final class Topics {
  private static final Logger log = LoggerFactory.getLogger(Topics.class);

  /** A topic's name (without prefix) and the configs it is created with. */
  public record Spec(String name, Map<String, String> configs, boolean singlePartition) {
    public Spec {
      configs = Map.copyOf(configs);
    }
  }

  public static final Spec VIDEO = timed("video", Duration.ofHours(1));
  public static final Spec FRAMES = timed("frames", Duration.ofMinutes(15));
  public static final Spec DETECTIONS = timed("detections", Duration.ofDays(1));
  public static final Spec EVENTS = timed("events", Duration.ofDays(7));
  public static final Spec CLIPS = timed("clips", Duration.ofDays(7));
  public static final Spec STATUS = new Spec("status", Map.of(
      TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
      TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaClients.MAX_RECORD_BYTES)), false);
  /** Ingest workers' group membership topic: one partition, nothing of value is ever written to it. */
  public static final Spec INGEST_COORDINATION = new Spec("ingest-coordination", Map.of(
      TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis())), true);

  /**
   * A replay's output, {@code detections.<tag>} (issue 14): the {@code detections} format and retention, so a
   * comparison can wait a day; a tag is a camera-id-like name ({@code ^[a-z0-9][a-z0-9_-]{0,62}$}).
   */
  public static Spec taggedDetections(String tag) {
    if (!tag.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
      throw new IllegalArgumentException("bad tag \"" + tag + "\": use 1 to 63 of a-z 0-9 _ -, starting with a "
          + "letter or digit");
    }
    return new Spec(DETECTIONS.name() + "." + tag, DETECTIONS.configs(), false);
  }

  private final String prefix;
  private final int partitions;
  private final short replicationFactor;

  public Topics(String prefix, int partitions, short replicationFactor) {
    this.prefix = prefix;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  public String name(Spec spec) {
    return prefix + spec.name();
  }

  /**
   * Creates the topics that do not exist yet, then waits until every partition of every topic in
   * {@code specs} is writable. Races with another service creating the same topic are fine
   * (TopicExistsException is success).
   *
   * @throws TimeoutException when the cluster does not answer within {@code timeout}
   */
  public void ensure(Admin admin, List<Spec> specs, Duration timeout)
      throws InterruptedException, TimeoutException {
    create(admin, specs, timeout);
    awaitWritable(admin, specs.stream().map(this::name).toList(), timeout);
  }

  private void create(Admin admin, List<Spec> specs, Duration timeout) throws InterruptedException, TimeoutException {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Spec spec : specs) {
        if (!existing.contains(name(spec))) {
          int n = spec.singlePartition() ? 1 : partitions;
          missing.add(new NewTopic(name(spec), n, replicationFactor).configs(spec.configs()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      var result = admin.createTopics(missing);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          log.info("created topic {}", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": "
                + e.getCause().getMessage(), e.getCause());
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Waits until each partition's leader answers a ListOffsets request. A broker publishes a new
   * partition in its metadata a moment before it can append to it; an idempotent producer whose first
   * batch is refused in that moment while its second one is accepted loses the first one silently
   * (KAFKA-15591, fixed in brokers from Kafka 4.5). A leader that answers ListOffsets can append.
   *
   * @throws TimeoutException when some partition is not served within {@code timeout} (or the topic
   *     does not exist)
   * @throws IllegalStateException on a non-retriable error
   */
  public static void awaitWritable(Admin admin, Collection<String> topics, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(leftMs, TimeUnit.MILLISECONDS)
            .forEach((name, description) -> description.partitions().forEach(
                p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get(leftMs, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        throw new TimeoutException("partitions of " + topics + " not writable within " + timeout.toMillis() + " ms");
      } catch (ExecutionException e) {
        // just created: the broker may not know the topic yet, or not lead its partitions yet
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException("partitions of " + topics + " not writable: "
              + e.getCause().getMessage(), e.getCause());
        }
        if (System.nanoTime() >= deadline) {
          throw new TimeoutException("partitions of " + topics + " not writable within " + timeout.toMillis()
              + " ms: " + e.getCause().getMessage());
        }
        Thread.sleep(50);
      }
    }
  }

  private static Spec timed(String name, Duration retention) {
    return new Spec(name, Map.of(
        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()),
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaClients.MAX_RECORD_BYTES),
        // the record timestamp is the capture time (SPEC §5), so offsetsForTimes finds footage by time
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"), false);
  }
}
