package io.vsp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.testkit.Metrics;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final IngestMetrics metrics = new IngestMetrics(registry);

  @Test
  void cameraNotInTheConfigurationIsCountedAsOther() {
    metrics.cameraKnown("lobby");
    metrics.packets.labelValues(metrics.camera("lobby")).inc();
    metrics.packets.labelValues(metrics.camera("intruder")).inc();
    assertThat(text()).contains("vsp_ingest_packets_total{camera=\"lobby\"} 1.0")
        .contains("vsp_ingest_packets_total{camera=\"other\"} 1.0").doesNotContain("intruder");
  }

  /** Regression: a cameras directory whose ids changed again and again left every old id's series behind. */
  @Test
  void cameraLeavingTheConfigurationTakesItsSeriesWithIt() {
    metrics.cameraKnown("lobby");
    metrics.cameraKnown("door");
    metrics.dropped.labelValues(metrics.camera("door"), IngestMetrics.DROP_OVERLOAD).inc();
    metrics.cameraRemoved("door");
    metrics.reconnects.labelValues(metrics.camera("door")).inc(); // its thread, still stopping
    assertThat(text()).doesNotContain("door").contains("vsp_ingest_reconnects_total{camera=\"other\"} 1.0")
        .contains("vsp_ingest_packets_total{camera=\"lobby\"} 0.0");
  }

  private String text() {
    return Metrics.text(registry);
  }
}
