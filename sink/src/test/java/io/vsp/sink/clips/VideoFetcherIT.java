package io.vsp.sink.clips;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.wire.MediaHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Footage read back from a real broker: the clip starts at the last keyframe at or before its start, also
 * for a camera whose keyframes are further apart than the first rewind, and only the camera's own units
 * come back from a partition it shares.
 */
class VideoFetcherIT {
  static final String TOPIC = "fetch.video";
  // capture clock of the first unit, epoch µs: recent, since brokers refuse far-future record times and
  // delete old ones at once
  static final long T0_US = (System.currentTimeMillis() - 10 * 60_000) * 1000;
  static final long STEP_US = 200_000; // 5 fps keeps the topic small; the fetcher does not decode

  static String bootstrap;

  @BeforeAll
  static void footage() {
    bootstrap = KafkaBroker.shared().bootstrap();
    KafkaTestClient.createTopic(bootstrap, TOPIC, 1); // every camera on one partition
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 5 * 120; i++) { // two minutes
      long ts = T0_US + i * STEP_US;
      records.add(unit("long-gop", ts, i % (5 * 25) == 0)); // a keyframe every 25 s
      records.add(unit("short-gop", ts, i % 5 == 0)); // every second
    }
    KafkaTestClient.sendAll(bootstrap, records);
  }

  @Test
  void startsAtTheLastKeyframeAtOrBeforeTheClipsStart() {
    try (VideoFetcher fetcher = fetcher()) {
      List<VideoUnit> units = fetcher.fetch("short-gop", at(40.5), at(45), System.currentTimeMillis());
      assertSpan(units, "short-gop", 40, 45);
    }
  }

  @Test
  void looksFurtherBackForACameraWithKeyframesFurtherApartThanTheFirstRewind() {
    try (VideoFetcher fetcher = fetcher()) {
      // the keyframe before 70 s is at 50 s: 20 s back, beyond the first 10 s rewind
      List<VideoUnit> units = fetcher.fetch("long-gop", at(70), at(72), System.currentTimeMillis());
      assertSpan(units, "long-gop", 50, 72);

      // the next clip of the camera starts 24 s after its keyframe
      List<VideoUnit> next = fetcher.fetch("long-gop", at(99), at(101), System.currentTimeMillis());
      assertSpan(next, "long-gop", 75, 101);
    }
  }

  @Test
  void footageBeforeTheTopicsFirstKeyframeStartsAtThatKeyframe() {
    try (VideoFetcher fetcher = fetcher()) {
      List<VideoUnit> units = fetcher.fetch("long-gop", T0_US - 30_000_000L, at(3), System.currentTimeMillis());
      assertSpan(units, "long-gop", 0, 3);
    }
  }

  /** Every unit of {@code camera} (5 fps) from its keyframe at {@code firstS} through {@code lastS}. */
  private static void assertSpan(List<VideoUnit> units, String camera, double firstS, double lastS) {
    assertThat(units.get(0).tsUs()).isEqualTo(at(firstS));
    assertThat(units.get(0).key()).isTrue();
    assertThat(units.get(units.size() - 1).tsUs()).isEqualTo(at(lastS));
    assertThat(units).hasSize((int) Math.round((lastS - firstS) * 5) + 1).allMatch(u -> u.session().equals(camera));
  }

  private static long at(double seconds) {
    return T0_US + Math.round(seconds * 1_000_000);
  }

  private static VideoFetcher fetcher() {
    Properties p = new KafkaClients(bootstrap, Map.of()).consumer("fetch-it", null);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new VideoFetcher(new KafkaConsumer<>(p), TOPIC, new RecordGate(LimitsConfig.DEFAULTS,
        new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of())));
  }

  /** A video record as ingest writes it; the session names the camera so the test can tell them apart. */
  private static ProducerRecord<byte[], byte[]> unit(String camera, long tsUs, boolean key) {
    long ptsUs = tsUs - T0_US;
    var record = new ProducerRecord<>(TOPIC, 0, tsUs / 1000, camera.getBytes(StandardCharsets.UTF_8),
        new byte[] {0, 0, 0, 1, (byte) (key ? 0x65 : 0x41)});
    MediaHeaders.add(record.headers(), MediaHeaders.CAMERA, camera);
    MediaHeaders.add(record.headers(), MediaHeaders.SESSION, camera);
    MediaHeaders.add(record.headers(), MediaHeaders.PTS, ptsUs);
    MediaHeaders.add(record.headers(), MediaHeaders.DTS, ptsUs);
    MediaHeaders.add(record.headers(), MediaHeaders.TS, tsUs);
    MediaHeaders.add(record.headers(), MediaHeaders.KEY, key ? "1" : "0");
    MediaHeaders.add(record.headers(), MediaHeaders.CODEC, VideoUnit.H264);
    MediaHeaders.add(record.headers(), MediaHeaders.WIDTH, 640);
    MediaHeaders.add(record.headers(), MediaHeaders.HEIGHT, 360);
    return record;
  }
}
