package io.vsp.detector.publish;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.BoundedLabels;
import io.vsp.common.wire.Detections;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detector metrics of SPEC §7; per-camera series are created at zero when a camera first shows up.
 * Camera ids come from the records, so the camera label is bounded: configured cameras keep their id, up
 * to {@link BoundedLabels#MAX_LEARNED_CAMERAS} others too (cameras added to {@code camerasDir} since start,
 * or a configuration that lists none), and every camera after those reads {@value BoundedLabels#OTHER}.
 */
public final class DetectorMetrics {
  public final Counter frames;
  public final Histogram batchSize;
  public final Histogram inferenceSeconds;
  public final Counter engineBusy;
  public final Histogram latencySeconds;
  public final Gauge lag;
  private final Set<String> cameras = ConcurrentHashMap.newKeySet();
  private final BoundedLabels cameraLabels;

  /** With no camera configured: the first cameras seen keep their id. */
  public DetectorMetrics(PrometheusRegistry registry) {
    this(registry, List.of());
  }

  /** @param configured the ids of the cameras in the configuration */
  public DetectorMetrics(PrometheusRegistry registry, Collection<String> configured) {
    Set<String> known = Set.copyOf(configured);
    cameraLabels = new BoundedLabels(known::contains, BoundedLabels.MAX_LEARNED_CAMERAS);
    frames = Counter.builder().name("vsp_detector_frames_total")
        .help("Frames handled, by outcome (processed, stale, corrupt)").labelNames("camera", "outcome")
        .register(registry);
    batchSize = Histogram.builder().name("vsp_detector_batch_size").help("Frames inferred per batch")
        .classicUpperBounds(1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64).register(registry);
    inferenceSeconds = Histogram.builder().name("vsp_detector_inference_seconds")
        .help("Engine time per batch")
        .classicUpperBounds(0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10).register(registry);
    engineBusy = Counter.builder().name("vsp_detector_engine_busy_seconds_total")
        .help("Engine time, by the batch size the batch ran at (the export that ran it)").labelNames("batch")
        .register(registry);
    latencySeconds = Histogram.builder().name("vsp_detector_latency_seconds")
        .help("Capture to detections record acknowledged").labelNames("camera")
        .classicUpperBounds(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10).register(registry);
    lag = Gauge.builder().name("vsp_detector_lag_records")
        .help("Frames records not yet processed by this instance").register(registry);
  }

  /**
   * Creates the camera's series at zero the first time it is seen.
   *
   * @return the camera label to count the camera's frames under: its id or {@value BoundedLabels#OTHER}
   */
  public String cameraSeen(String id) {
    String camera = cameraLabels.value(id);
    if (cameras.add(camera)) {
      for (String outcome : new String[] {Detections.PROCESSED, Detections.STALE, Detections.CORRUPT}) {
        frames.labelValues(camera, outcome);
      }
      latencySeconds.labelValues(camera);
    }
    return camera;
  }
}
