package io.vsp.sink.clips;

import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.inbound.VideoHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a camera's footage for a time range back from the {@code video} topic (SPEC §6): seeks with
 * {@code offsetsForTimes(from − longest GOP)}, scans forward, and starts at the last keyframe at or before
 * {@code from}, so the first unit decodes alone. The longest GOP is learnt per camera: 10 s at first, doubled
 * (up to 160 s) when a scan finds no keyframe before {@code from}. Waits for footage that has not arrived yet,
 * up to a deadline. Owned by one thread (the clipper's).
 */
public final class VideoFetcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VideoFetcher.class);
  /** How far before a clip's start a keyframe is first looked for: most cameras send one every 1 to 4 s. */
  static final long FIRST_REWIND_US = 10_000_000L;
  /** The longest rewind: beyond it a clip starts at the first keyframe found, after its start. */
  static final long MAX_REWIND_US = 160_000_000L;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final RecordGate gate;
  private final Map<String, Long> rewinds = new HashMap<>(); // camera → rewind that last found a keyframe

  /** @param consumer without a group (assign mode), read_committed, byte arrays; owned from now on */
  public VideoFetcher(KafkaConsumer<byte[], byte[]> consumer, String topic, RecordGate gate) {
    this.consumer = consumer;
    this.topic = topic;
    this.gate = gate;
  }

  /**
   * The camera's units from the last keyframe at or before {@code fromUs} through the last unit captured at or
   * before {@code toUs} (capture epoch µs); from the first keyframe after {@code fromUs} when the topic holds
   * none before it; empty when the topic holds no keyframe of the range.
   *
   * @param deadlineMillis wall-clock time after which footage still missing at the end is given up
   */
  public List<VideoUnit> fetch(String camera, long fromUs, long toUs, long deadlineMillis) {
    byte[] key = camera.getBytes(StandardCharsets.UTF_8);
    int partitions = consumer.partitionsFor(topic).size();
    TopicPartition tp = new TopicPartition(topic, partitionOf(key, partitions));
    consumer.assign(List.of(tp));
    long rewind = rewinds.getOrDefault(camera, FIRST_REWIND_US);
    while (true) {
      Scan scan = scan(camera, tp, fromUs - rewind, fromUs, toUs, deadlineMillis);
      boolean startsInTime = !scan.units().isEmpty() && scan.units().get(0).tsUs() <= fromUs;
      if (startsInTime || scan.fromTopicStart() || rewind >= MAX_REWIND_US) {
        return scan.units();
      }
      rewind = Math.min(2 * rewind, MAX_REWIND_US);
      rewinds.put(camera, rewind); // a camera's GOP rarely changes: start there next time
      log.info("camera {}: no keyframe found before a clip's start; looking {} s back", camera, rewind / 1_000_000);
    }
  }

  /** What one pass over the topic found, and whether it started at the oldest record the topic holds. */
  private record Scan(List<VideoUnit> units, boolean fromTopicStart) {}

  private Scan scan(String camera, TopicPartition tp, long seekUs, long fromUs, long toUs, long deadlineMillis) {
    OffsetAndTimestamp start = consumer.offsetsForTimes(Map.of(tp, Math.max(0, seekUs / 1000))).get(tp);
    if (start == null) {
      return new Scan(List.of(), true); // nothing at or after seekUs yet, so nothing later either
    }
    boolean fromTopicStart = start.offset() <= consumer.beginningOffsets(List.of(tp)).get(tp);
    consumer.seek(tp, start.offset());
    List<VideoUnit> units = new ArrayList<>();
    while (true) {
      var records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
        if (r.key() == null || !camera.equals(new String(r.key(), StandardCharsets.UTF_8))) {
          continue; // another camera sharing the partition
        }
        VideoHeader h = gate.admit(Inbound.of(r), RecordRules::video); // counted at each scan that meets it
        if (h == null) {
          continue; // not footage we can place in time
        }
        VideoUnit unit = unitOf(h, r.value());
        if (unit.tsUs() > toUs) {
          return new Scan(fromLastKeyframe(units, fromUs), fromTopicStart);
        }
        if (unit.key() && unit.tsUs() <= fromUs) {
          units.clear(); // a later keyframe still at or before fromUs: what came before is not needed
        }
        units.add(unit);
      }
      boolean atEnd = consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp);
      if (atEnd && System.currentTimeMillis() >= deadlineMillis) {
        return new Scan(fromLastKeyframe(units, fromUs), fromTopicStart);
      }
    }
  }

  /** The partition the producers' default partitioner puts a key in (murmur2, as every VSP producer uses). */
  static int partitionOf(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }

  /** Drops everything before the last keyframe at or before fromUs (or before the first keyframe at all). */
  static List<VideoUnit> fromLastKeyframe(List<VideoUnit> units, long fromUs) {
    int first = -1;
    for (int i = 0; i < units.size(); i++) {
      VideoUnit u = units.get(i);
      if (u.key() && (first < 0 || u.tsUs() <= fromUs)) {
        first = i;
      }
      if (u.tsUs() > fromUs && first >= 0) {
        break;
      }
    }
    return first < 0 ? List.of() : List.copyOf(units.subList(first, units.size()));
  }

  static VideoUnit unitOf(VideoHeader h, byte[] data) {
    return new VideoUnit(data, h.ptsUs(), h.dtsUs(), h.tsUs(), h.key(), h.codec(), h.width(), h.height(), h.session());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
