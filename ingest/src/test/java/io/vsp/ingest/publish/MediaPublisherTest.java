package io.vsp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.kafka.KafkaClients;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MediaPublisherTest {
  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
  private final MediaPublisher publisher = new MediaPublisher(producer, metrics);

  @BeforeEach
  void configure() {
    metrics.cameraKnown("lobby");
  }

  @Test
  void valueLargerThanARecordMayCarryIsDroppedAsTooLarge() {
    AtomicBoolean dropped = new AtomicBoolean();
    boolean sent = publisher.send("frames", "lobby", 1, new byte[MediaPublisher.MAX_VALUE_BYTES + 1],
        new RecordHeaders(), new MediaPublisher.Outcome() {
          @Override
          public void acked() {}

          @Override
          public void dropped() {
            dropped.set(true);
          }
        });
    assertThat(sent).isFalse();
    assertThat(dropped).isTrue();
    assertThat(producer.history()).isEmpty();
    assertThat(metrics.dropped.labelValues("lobby", IngestMetrics.DROP_TOO_LARGE).get()).isEqualTo(1);
    assertThat(metrics.dropped.labelValues("lobby", IngestMetrics.DROP_KAFKA).get()).isZero();
  }

  @Test
  void largestValueIsSentAndLeavesRoomForKeyAndHeaders() {
    assertThat(publisher.send("frames", "lobby", 1, new byte[MediaPublisher.MAX_VALUE_BYTES],
        new RecordHeaders(), () -> {})).isTrue();
    assertThat(producer.history()).hasSize(1);
    assertThat(KafkaClients.MAX_RECORD_BYTES - MediaPublisher.MAX_VALUE_BYTES).isGreaterThanOrEqualTo(16 * 1024);
  }
}
