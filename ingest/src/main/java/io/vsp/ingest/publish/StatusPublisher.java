package io.vsp.ingest.publish;

import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Json;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Writes {@code status} records (SPEC §5), keyed by camera, through the non-blocking publisher. */
public final class StatusPublisher {
  private final MediaPublisher publisher;
  private final String topic;
  private final String worker;

  public StatusPublisher(MediaPublisher publisher, String topic, String worker) {
    this.publisher = publisher;
    this.topic = topic;
    this.worker = worker;
  }

  public void publish(String camera, String state, String reason) {
    Instant now = Instant.now();
    CameraStatus status = new CameraStatus(1, camera, state, Json.timestamp(now), reason, worker);
    publisher.send(topic, camera, now.toEpochMilli(), Json.write(status), new RecordHeaders(), () -> { });
  }
}
