package io.vsp.ingest.video;

import static io.vsp.ingest.video.AccessUnitAssemblerTest.IDR;
import static io.vsp.ingest.video.AccessUnitAssemblerTest.P;
import static io.vsp.ingest.video.AccessUnitAssemblerTest.PPS;
import static io.vsp.ingest.video.AccessUnitAssemblerTest.SPS;
import static io.vsp.ingest.video.AccessUnitAssemblerTest.concat;
import static io.vsp.ingest.video.AccessUnitAssemblerTest.slice;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.wire.MediaHeaders;
import io.vsp.ingest.camera.CaptureClock;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VideoPublisherTest {
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private final VideoPublisher video = new VideoPublisher("video", "lobby", "s1", Codec.H264, 1920, 1080, 25,
      concat(SPS, PPS), new CaptureClock(() -> 1_000_000_000L, false), new MediaPublisher(producer, metrics),
      metrics);

  @BeforeEach
  void configure() {
    metrics.cameraKnown("lobby");
  }

  @Test
  void tooLargeUnitIsCountedAndPublishingResumesAtTheNextKeyframe() {
    video.onPacket(IDR, 0, 0, true);
    video.onPacket(P, 40_000, 40_000, false);
    video.onPacket(slice(0x41, 0x9A, VideoPublisher.MAX_UNIT_BYTES + 1), 80_000, 80_000, false);
    video.onPacket(P, 120_000, 120_000, false); // refers to the dropped unit: not sent
    video.onPacket(IDR, 160_000, 160_000, true);
    video.onPacket(P, 200_000, 200_000, false);
    video.finish();

    assertThat(ptsSent()).containsExactly(0L, 40_000L, 160_000L, 200_000L);
    assertThat(producer.history().get(2).value()).isEqualTo(concat(SPS, PPS, IDR));
    assertThat(metrics.dropped.labelValues("lobby", IngestMetrics.DROP_TOO_LARGE).get()).isEqualTo(1);
  }

  @Test
  void packetTooLargeToCopyIsRefusedAndItsUnitDropped() {
    video.onPacket(IDR, 0, 0, true);
    video.onPacket(P, 40_000, 40_000, false);
    assertThat(video.admit(VideoPublisher.MAX_UNIT_BYTES)).isTrue();
    assertThat(video.admit(VideoPublisher.MAX_UNIT_BYTES + 1)).isFalse();
    video.onPacket(IDR, 80_000, 80_000, true);
    video.finish();

    assertThat(ptsSent()).containsExactly(0L, 80_000L);
    assertThat(metrics.dropped.labelValues("lobby", IngestMetrics.DROP_TOO_LARGE).get()).isEqualTo(1);
  }

  private List<Long> ptsSent() {
    return producer.history().stream().map(ProducerRecord::headers)
        .map(h -> MediaHeaders.number(h, MediaHeaders.PTS)).toList();
  }
}
