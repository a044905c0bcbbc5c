package io.vsp.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
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
   * Creates the topics that do not exist yet. Races with another service creating the same topic are
   * fine (TopicExistsException is success).
   *
   * @throws TimeoutException when the cluster does not answer within {@code timeout}
   */
  public void ensure(Admin admin, List<Spec> specs, Duration timeout)
      throws InterruptedException, TimeoutException {
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

  private static Spec timed(String name, Duration retention) {
    return new Spec(name, Map.of(
        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()),
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaClients.MAX_RECORD_BYTES),
        // the record timestamp is the capture time (SPEC §5), so offsetsForTimes finds footage by time
        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime"), false);
  }
}
