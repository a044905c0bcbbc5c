package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.VspConfig;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.DetectorService;
import io.vsp.detector.engine.EngineException;
import io.vsp.ingest.IngestService;
import io.vsp.sink.SinkService;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The three services in one JVM ({@code vsp run}, {@code vsp demo}), each with its own metrics registry and
 * port, exactly as if they ran apart: started downstream first (sink, detector, ingest) so nothing waits
 * for a consumer, and stopped upstream first so what is in flight drains.
 */
final class AllInOne implements AutoCloseable {
  final PrometheusRegistry ingestRegistry = registry();
  final PrometheusRegistry detectorRegistry = registry();
  final PrometheusRegistry sinkRegistry = registry();
  final SinkService sink;
  final DetectorService detector;
  final IngestService ingest;

  AllInOne(VspConfig config, String instanceId, Consumer<Throwable> onFatal) {
    sink = new SinkService(config, instanceId, sinkRegistry, onFatal);
    detector = new DetectorService(config, instanceId, detectorRegistry, onFatal);
    ingest = new IngestService(config, instanceId, 1, ingestRegistry);
  }

  private static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    return registry;
  }

  /** @throws EngineException when the detector's model cannot run (a configuration problem) */
  void start() throws IOException, InterruptedException, EngineException {
    sink.start();
    detector.start();
    ingest.start();
  }

  /** Stops reading cameras only; the detector and sink go on with what is in Kafka. */
  void stopIngest() {
    ingest.close();
  }

  @Override
  public void close() {
    ingest.close();
    detector.close();
    sink.close();
  }
}
