package io.vsp.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.metrics.BoundedLabels;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.wire.Labels;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SinkMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SinkMetrics metrics = new SinkMetrics(registry, () -> 0,
      new BoundedLabels(Set.of("lobby")::contains, 1), new BoundedLabels(Labels.coco()::contains, 0));

  /** Regression: every camera id and label a producer wrote into detections made series of their own. */
  @Test
  void unknownCamerasPastTheBudgetAndLabelsOutsideTheModelAreCountedAsOther() {
    metrics.eventSent("lobby", "start", "person");
    metrics.eventSent("stray", "start", "person"); // the budget of one unknown camera
    metrics.eventSent("intruder", "start", "person");
    metrics.eventSent("lobby", "start", "unicorn");
    assertThat(Metrics.text(registry))
        .contains("vsp_sink_events_total{camera=\"lobby\",label=\"person\",type=\"start\"} 1.0")
        .contains("vsp_sink_events_total{camera=\"stray\",label=\"person\",type=\"start\"} 1.0")
        .contains("vsp_sink_events_total{camera=\"other\",label=\"person\",type=\"start\"} 1.0")
        .contains("vsp_sink_events_total{camera=\"lobby\",label=\"other\",type=\"start\"} 1.0")
        .contains("vsp_sink_events_total{camera=\"lobby\",label=\"person\",type=\"end\"} 0.0")
        .doesNotContain("intruder").doesNotContain("unicorn");
  }
}
