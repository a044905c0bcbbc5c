package io.vsp.detector.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.Reason;
import io.vsp.detector.preprocess.TestFrames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Invalid frames records still become frames, marked invalid, timed by Kafka and never by their headers. */
class FrameReaderTest {
  static final long NOW_US = Instant.parse("2026-12-02T10:00:00Z").toEpochMilli() * 1000;
  final InvalidRecords invalid = new InvalidRecords(new PrometheusRegistry(), "detector", "vsp.", List.of("frames"));
  final FrameReader reader = new FrameReader(LimitsConfig.DEFAULTS, invalid, () -> NOW_US);
  final byte[] jpeg = TestFrames.jpeg(TestFrames.image(160, 90, 0x808080), 0.85f);

  ConsumerRecord<byte[], byte[]> record(String key, String ts, long kafkaTimestampMs) {
    RecordHeaders headers = new RecordHeaders();
    Map.of("vsp.camera", key, "vsp.session", "1", "vsp.seq", "7", "vsp.pts", "400000", "vsp.ts", ts, "vsp.w", "160",
        "vsp.h", "90", "vsp.enc", "jpeg").forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
    return new ConsumerRecord<>("vsp.frames", 2, 40, kafkaTimestampMs, TimestampType.CREATE_TIME, 0, jpeg.length,
        key.getBytes(StandardCharsets.UTF_8), jpeg, headers, Optional.empty());
  }

  @Test
  void aValidRecordKeepsItsCaptureTimeAndImage() {
    FrameRecord f = reader.read(record("lobby", Long.toString(NOW_US - 1000), NOW_US / 1000), 1);
    assertThat(f.valid()).isTrue();
    assertThat(f.captureUs()).isEqualTo(NOW_US - 1000);
    assertThat(f.jpeg()).isSameAs(jpeg);
    assertThat(f.seq()).isEqualTo(7);
  }

  @Test
  void aFrameFromTheFutureIsInvalidAndTimedByItsKafkaTimestamp() {
    long year2100 = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli() * 1000;
    FrameRecord f = reader.read(record("lobby", Long.toString(year2100), NOW_US / 1000 - 5), 1);
    assertThat(f.valid()).isFalse();
    assertThat(f.captureUs()).isEqualTo(NOW_US - 5000);
    assertThat(f.camera()).isEqualTo("lobby");
    assertThat(f.seq()).isEqualTo(7);
    assertThat(f.jpeg()).isEmpty();
    assertThat(invalid.count("frames", Reason.CLOCK_SKEW)).isEqualTo(1);
  }

  @Test
  void whenTheKafkaTimestampIsOutOfBoundsTooTheReadTimeIsUsed() {
    long farAheadMs = NOW_US / 1000 + 3_600_000;
    assertThat(reader.read(record("lobby", "-5", farAheadMs), 1).captureUs()).isEqualTo(NOW_US);
    assertThat(reader.read(record("lobby", "-5", 0), 1).captureUs()).isEqualTo(NOW_US);
    assertThat(invalid.count("frames", Reason.BAD_TIME)).isEqualTo(2);
  }

  @Test
  void aKeyThatIsNoCameraIdNamesNoCameraButIsKeptForTheAnswer() {
    FrameRecord f = reader.read(record("Not A Camera", Long.toString(NOW_US), NOW_US / 1000), 1);
    assertThat(f.valid()).isFalse();
    assertThat(f.camera()).isEmpty();
    assertThat(new String(f.key(), StandardCharsets.UTF_8)).isEqualTo("Not A Camera");
    assertThat(invalid.count("frames", Reason.BAD_KEY)).isEqualTo(1);
  }
}
