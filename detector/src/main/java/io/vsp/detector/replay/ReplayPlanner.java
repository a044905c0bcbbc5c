package io.vsp.detector.replay;

import io.vsp.common.config.Durations;
import io.vsp.detector.batch.FrameWindow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Turns {@code vsp replay}'s window into offsets before any frame is read. First run: refuses a window older than
 * the {@code frames} retention, finds each partition's start ({@code offsetsForTimes(from)}) and stop
 * ({@code offsetsForTimes(to)}, else the end offset now), and commits the starts, the window in their metadata,
 * as the replay group's offsets. A later run with the same tag finds committed offsets and resumes the window
 * they carry (whatever {@code --from}/{@code --to} say now), refusing when frames it still has to read are gone.
 */
public final class ReplayPlanner {
  private static final long TIMEOUT_S = 30;

  /**
   * @param window what the replay reads
   * @param resumed whether an earlier run of this tag fixed the window
   */
  public record Plan(FrameWindow window, boolean resumed) {}

  private ReplayPlanner() {}

  /**
   * @param framesTopic the {@code frames} topic, prefix included
   * @param group the replay's consumer group ({@link ReplayJob#groupId})
   * @param asked the window asked for; its stops are ignored
   * @throws ReplayRefusedException when the window cannot be replayed (too old, frames gone, no frames topic)
   */
  public static Plan plan(Admin admin, String framesTopic, String group, long fromUs, long toUs, Set<String> cameras,
                          long nowUs) throws ReplayRefusedException, InterruptedException, ExecutionException,
      TimeoutException {
    List<TopicPartition> partitions = partitions(admin, framesTopic);
    Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS));
    committed.keySet().retainAll(partitions);
    if (!committed.isEmpty()) {
      return resume(admin, framesTopic, group, partitions, committed);
    }
    long retentionMs = retentionMs(admin, framesTopic);
    Optional<String> tooOld = tooOld(framesTopic, fromUs, nowUs, retentionMs);
    if (tooOld.isPresent()) {
      throw new ReplayRefusedException(tooOld.get());
    }
    Map<TopicPartition, Long> starts = offsetsAt(admin, partitions, fromUs / 1000);
    Map<TopicPartition, Long> stops = offsetsAt(admin, partitions, Math.floorDiv(toUs + 999, 1000));
    starts.replaceAll((tp, start) -> Math.min(start, stops.get(tp)));
    FrameWindow window = new FrameWindow(fromUs, toUs, cameras, stops);
    Map<TopicPartition, OffsetAndMetadata> first = new HashMap<>();
    starts.forEach((tp, start) -> first.put(tp, new OffsetAndMetadata(start, window.commitMetadata(tp))));
    admin.alterConsumerGroupOffsets(group, first).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    return new Plan(window, false);
  }

  /**
   * The refusal for a window starting before what {@code frames} keeps, or empty when it fits (or the topic
   * keeps everything: {@code retention.ms} -1).
   */
  static Optional<String> tooOld(String framesTopic, long fromUs, long nowUs, long retentionMs) {
    long ageMs = (nowUs - fromUs) / 1000;
    if (retentionMs < 0 || ageMs <= retentionMs) {
      return Optional.empty();
    }
    return Optional.of("window starts " + rounded(ageMs) + " ago but " + framesTopic + " keeps "
        + Durations.format(Duration.ofMillis(retentionMs)) + " (retention.ms=" + retentionMs
        + "); see docs/OPERATIONS.md 'Keeping frames longer'");
  }

  /** An age for a message: whole minutes from 2 minutes on, else whole seconds. */
  private static String rounded(long ms) {
    return Durations.format(ms >= 120_000 ? Duration.ofMinutes(ms / 60_000) : Duration.ofSeconds(ms / 1000));
  }

  private static Plan resume(Admin admin, String framesTopic, String group, List<TopicPartition> partitions,
                             Map<TopicPartition, OffsetAndMetadata> committed)
      throws ReplayRefusedException, InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, String> metadata = new HashMap<>();
    committed.forEach((tp, o) -> metadata.put(tp, o.metadata()));
    FrameWindow window;
    try {
      window = FrameWindow.fromCommitted(metadata);
    } catch (IllegalArgumentException e) {
      throw new ReplayRefusedException("group " + group + ": " + e.getMessage());
    }
    if (window == null || !window.stops().keySet().containsAll(partitions)) {
      throw new ReplayRefusedException("group " + group + " has committed offsets of " + framesTopic
          + " that are not a replay window's (another tool's group?); choose another --tag");
    }
    Map<TopicPartition, Long> earliest = listOffsets(admin, partitions, OffsetSpec.earliest());
    for (TopicPartition tp : partitions) {
      long at = committed.get(tp).offset();
      if (at < window.stop(tp) && at < earliest.get(tp)) {
        throw new ReplayRefusedException("frames of the window expired while the replay was stopped: " + tp
            + " starts at offset " + earliest.get(tp) + ", the replay was at " + at + "; see docs/OPERATIONS.md "
            + "'Keeping frames longer'");
      }
    }
    return new Plan(window, true);
  }

  private static List<TopicPartition> partitions(Admin admin, String topic)
      throws ReplayRefusedException, InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic)
          .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new ReplayRefusedException("no topic " + topic + " (check kafka.topicPrefix): nothing to replay");
      }
      throw e;
    }
  }

  private static long retentionMs(Admin admin, String topic)
      throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    var entry = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_S, TimeUnit.SECONDS).get(resource)
        .get(TopicConfig.RETENTION_MS_CONFIG);
    return entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
  }

  /** Per partition the first offset whose timestamp is at or after {@code ms}, else the end offset. */
  private static Map<TopicPartition, Long> offsetsAt(Admin admin, List<TopicPartition> partitions, long ms)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, Long> at = listOffsets(admin, partitions, OffsetSpec.forTimestamp(ms));
    Map<TopicPartition, Long> end = listOffsets(admin, partitions, OffsetSpec.latest());
    at.replaceAll((tp, offset) -> offset < 0 ? end.get(tp) : offset);
    return at;
  }

  private static Map<TopicPartition, Long> listOffsets(Admin admin, List<TopicPartition> partitions,
                                                            OffsetSpec spec)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
    partitions.forEach(tp -> ask.put(tp, spec));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> got = admin.listOffsets(ask,
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    got.forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }
}
