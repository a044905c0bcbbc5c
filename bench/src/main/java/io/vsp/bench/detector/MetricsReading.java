package io.vsp.bench.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The detector's own histograms read from its registry at one moment; two readings subtracted give what
 * happened in between.
 *
 * @param batches batches inferred ({@code vsp_detector_batch_size} count)
 * @param inferred frames inferred ({@code vsp_detector_batch_size} sum)
 * @param engineSeconds time inside the engine ({@code vsp_detector_inference_seconds} sum)
 * @param latencyFrames frames with a latency observation ({@code vsp_detector_latency_seconds} count)
 * @param latencySeconds their summed capture → sent latency
 * @param busyByBatch engine seconds by the batch size the batch ran at ({@code vsp_detector_engine_busy_seconds_total})
 */
record MetricsReading(double batches, double inferred, double engineSeconds, double latencyFrames,
                      double latencySeconds, Map<String, Double> busyByBatch) {

  static MetricsReading of(PrometheusRegistry registry) {
    double[] batch = new double[2];
    double[] engine = new double[2];
    double[] latency = new double[2];
    Map<String, Double> busy = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && counter.getMetadata().getPrometheusName().equals("vsp_detector_engine_busy_seconds")) {
        counter.getDataPoints().forEach(p -> busy.merge(p.getLabels().get("batch"), p.getValue(), Double::sum));
      }
      if (!(snapshot instanceof HistogramSnapshot histogram)) {
        continue;
      }
      double[] target = switch (snapshot.getMetadata().getPrometheusName()) {
        case "vsp_detector_batch_size" -> batch;
        case "vsp_detector_inference_seconds" -> engine;
        case "vsp_detector_latency_seconds" -> latency;
        default -> null;
      };
      if (target != null) {
        for (var point : histogram.getDataPoints()) {
          target[0] += point.getCount();
          target[1] += point.getSum();
        }
      }
    }
    return new MetricsReading(batch[0], batch[1], engine[1], latency[0], latency[1], busy);
  }

  /** Frames the service has published a detections record for, every outcome ({@code vsp_detector_frames_total}). */
  static double framesHandled(PrometheusRegistry registry) {
    double sum = 0;
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && snapshot.getMetadata().getPrometheusName().equals("vsp_detector_frames")) {
        for (var point : counter.getDataPoints()) {
          sum += point.getValue();
        }
      }
    }
    return sum;
  }

  MetricsReading minus(MetricsReading before) {
    return new MetricsReading(batches - before.batches, inferred - before.inferred,
        engineSeconds - before.engineSeconds, latencyFrames - before.latencyFrames,
        latencySeconds - before.latencySeconds, minus(busyByBatch, before.busyByBatch));
  }

  private static Map<String, Double> minus(Map<String, Double> now, Map<String, Double> before) {
    Map<String, Double> out = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
    now.forEach((batch, seconds) -> out.put(batch, seconds - before.getOrDefault(batch, 0.0)));
    return out;
  }

  double meanBatch() {
    return batches == 0 ? 0 : inferred / batches;
  }

  double engineMillisPerBatch() {
    return batches == 0 ? 0 : engineSeconds * 1000 / batches;
  }
}
