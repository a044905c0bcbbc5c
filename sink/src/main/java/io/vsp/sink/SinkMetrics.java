package io.vsp.sink;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.BoundedLabels;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Labels;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The sink metrics of SPEC §7; outcome and type series exist at zero from the start. Cameras and labels
 * come from the detections records, so both labels of {@code vsp_sink_events_total} are bounded (see
 * {@link #eventSent}).
 */
public final class SinkMetrics {
  public static final List<String> CLIP_OUTCOMES = List.of("ok", "empty", "failed");

  public final Counter events;
  public final Counter clips;
  public final Counter snapshots;
  public final Histogram clipBuildSeconds;
  public final Histogram eventLatencySeconds;
  public final Counter trackerStateDropped;
  private final BoundedLabels cameras;
  private final BoundedLabels labels;

  /** Knowing no camera (the first ones seen keep their id) and the COCO labels. */
  public SinkMetrics(PrometheusRegistry registry, DoubleSupplier lag) {
    this(registry, lag, BoundedLabels.learning(BoundedLabels.MAX_LEARNED_CAMERAS),
        new BoundedLabels(Labels.coco()::contains, 0));
  }

  /**
   * @param lag records of detections and status this instance's tracker has not processed yet
   * @param cameras the camera label for a camera id
   * @param labels the label label for an object label
   */
  public SinkMetrics(PrometheusRegistry registry, DoubleSupplier lag, BoundedLabels cameras, BoundedLabels labels) {
    this.cameras = cameras;
    this.labels = labels;
    events = Counter.builder().name("vsp_sink_events_total").help("Event records sent, by camera, type and label")
        .labelNames("camera", "type", "label").register(registry);
    clips = Counter.builder().name("vsp_sink_clips_total").help("Clips handled, by outcome (ok, empty, failed)")
        .labelNames("outcome").register(registry);
    CLIP_OUTCOMES.forEach(clips::labelValues);
    snapshots = Counter.builder().name("vsp_sink_snapshots_total").help("Snapshots written")
        .register(registry);
    clipBuildSeconds = Histogram.builder().name("vsp_sink_clip_build_seconds")
        .help("Time to fetch, decode, annotate, encode and store one clip")
        .classicUpperBounds(0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 60, 120).register(registry);
    eventLatencySeconds = Histogram.builder().name("vsp_sink_event_latency_seconds")
        .help("Capture of the triggering frame to the event record sent, by type").labelNames("type")
        .classicUpperBounds(0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10).register(registry);
    for (String type : List.of(Event.START, Event.UPDATE, Event.END)) {
      eventLatencySeconds.labelValues(type);
    }
    trackerStateDropped = Counter.builder().name("vsp_sink_tracker_state_dropped_total")
        .help("Cameras whose stored tracker state could not be read and started fresh").register(registry);
    GaugeWithCallback.builder().name("vsp_sink_lag_records")
        .help("Records of detections and status not yet processed by this instance's tracker")
        .callback(cb -> cb.call(lag.getAsDouble())).register(registry);
  }

  /**
   * Counts an event sent, under its camera's and label's metric values ({@value BoundedLabels#OTHER} past
   * the bounds); the camera's series for the label start at zero for every type.
   */
  public void eventSent(String camera, String type, String label) {
    String c = cameras.value(camera);
    String l = labels.value(label);
    for (String t : List.of(Event.START, Event.UPDATE, Event.END)) {
      events.labelValues(c, t, l);
    }
    events.labelValues(c, type, l).inc();
  }
}
