package io.vsp.ingest.publish;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.BoundedLabels;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ingest metrics of SPEC §7. Per-camera series are created at zero by {@link #cameraKnown} so
 * dashboards show 0, not "no data". Only configured cameras have series: callers label with
 * {@link #camera}, which reads {@value BoundedLabels#OTHER} for any other id, and a camera leaving the
 * configuration takes its series with it, so the series follow the configuration, not the input.
 */
public final class IngestMetrics {
  /** Drop reasons: Kafka away or too slow (producer buffer full, delivery failed). */
  public static final String DROP_KAFKA = "kafka";
  /** A packet the decoder rejected. */
  public static final String DROP_CORRUPT = "corrupt";
  /** A sampled frame the JPEG encoder had no time for (the host is short of CPU). */
  public static final String DROP_OVERLOAD = "overload";
  /**
   * A video access unit, packet or JPEG larger than a record may be ({@link MediaPublisher#MAX_VALUE_BYTES}):
   * a broken or hostile camera.
   */
  public static final String DROP_TOO_LARGE = "too_large";

  public final Gauge configured;
  public final Gauge up;
  public final Gauge lastFrameTimestamp;
  public final Counter packets;
  public final Counter framesDecoded;
  public final Counter framesPublished;
  public final Counter videoPublished;
  public final Counter dropped;
  public final Counter reconnects;
  public final Histogram publishSeconds;
  private final Set<String> configuredCameras = ConcurrentHashMap.newKeySet();
  private final BoundedLabels cameras = new BoundedLabels(configuredCameras::contains, 0);

  public IngestMetrics(PrometheusRegistry registry) {
    configured = Gauge.builder().name("vsp_ingest_camera_configured")
        .help("1 for each camera in this worker's configuration").labelNames("camera").register(registry);
    up = Gauge.builder().name("vsp_ingest_camera_up")
        .help("1 while this worker reads the camera and it is online").labelNames("camera").register(registry);
    lastFrameTimestamp = Gauge.builder().name("vsp_ingest_last_frame_timestamp_seconds")
        .help("Capture time of the camera's last published frame (epoch seconds)").labelNames("camera")
        .register(registry);
    packets = Counter.builder().name("vsp_ingest_packets_total")
        .help("Video packets read from the camera").labelNames("camera").register(registry);
    framesDecoded = Counter.builder().name("vsp_ingest_frames_decoded_total")
        .help("Frames decoded from the detect stream").labelNames("camera").register(registry);
    framesPublished = Counter.builder().name("vsp_ingest_frames_published_total")
        .help("Sampled JPEG frames acknowledged by Kafka").labelNames("camera").register(registry);
    videoPublished = Counter.builder().name("vsp_ingest_video_published_total")
        .help("Video access units acknowledged by Kafka").labelNames("camera").register(registry);
    dropped = Counter.builder().name("vsp_ingest_dropped_total")
        .help("Records or packets dropped, by reason").labelNames("camera", "reason").register(registry);
    reconnects = Counter.builder().name("vsp_ingest_reconnects_total")
        .help("Reconnections after a camera dropped or stalled").labelNames("camera").register(registry);
    publishSeconds = Histogram.builder().name("vsp_ingest_publish_seconds")
        .help("Time from send to Kafka acknowledgement")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .register(registry);
  }

  /** The camera label for a camera id: the id of a configured camera, else {@value BoundedLabels#OTHER}. */
  public String camera(String id) {
    return cameras.value(id);
  }

  /** Creates every per-camera series at zero. */
  public void cameraKnown(String camera) {
    configuredCameras.add(camera);
    configured.labelValues(camera).set(1);
    up.labelValues(camera);
    lastFrameTimestamp.labelValues(camera);
    packets.labelValues(camera);
    framesDecoded.labelValues(camera);
    framesPublished.labelValues(camera);
    videoPublished.labelValues(camera);
    dropped.labelValues(camera, DROP_KAFKA);
    dropped.labelValues(camera, DROP_CORRUPT);
    dropped.labelValues(camera, DROP_TOO_LARGE);
    reconnects.labelValues(camera);
  }

  /** The camera left the configuration: its series go away with it (what its threads still count is "other"). */
  public void cameraRemoved(String camera) {
    configuredCameras.remove(camera);
    configured.remove(camera);
    up.remove(camera);
    lastFrameTimestamp.remove(camera);
    packets.remove(camera);
    framesDecoded.remove(camera);
    framesPublished.remove(camera);
    videoPublished.remove(camera);
    for (String reason : new String[] {DROP_KAFKA, DROP_CORRUPT, DROP_OVERLOAD, DROP_TOO_LARGE}) {
      dropped.remove(camera, reason);
    }
    reconnects.remove(camera);
  }
}
