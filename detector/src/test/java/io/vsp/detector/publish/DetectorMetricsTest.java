package io.vsp.detector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.BoundedLabels;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.wire.Detections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final DetectorMetrics metrics = new DetectorMetrics(registry, List.of("lobby"));

  /** Regression: every camera id a producer wrote made series of its own, without bound. */
  @Test
  void camerasBeyondTheBudgetOfUnknownOnesAreCountedAsOther() {
    for (int i = 0; i < BoundedLabels.MAX_LEARNED_CAMERAS; i++) {
      assertThat(metrics.cameraSeen("stray-" + i)).isEqualTo("stray-" + i);
    }
    String camera = metrics.cameraSeen("one-too-many");
    metrics.frames.labelValues(camera, Detections.CORRUPT).inc();
    assertThat(camera).isEqualTo("other");
    assertThat(metrics.cameraSeen("lobby")).as("a configured camera keeps its id").isEqualTo("lobby");
    assertThat(Metrics.text(registry)).contains("vsp_detector_frames_total{camera=\"other\",outcome=\"corrupt\"} 1.0")
        .contains("vsp_detector_frames_total{camera=\"lobby\",outcome=\"processed\"} 0.0")
        .doesNotContain("one-too-many");
  }
}
