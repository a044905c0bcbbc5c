package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.VspConfig;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.DetectorService;
import io.vsp.detector.engine.EngineException;
import io.vsp.ingest.IngestService;
import io.vsp.sink.SinkService;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
  private final VspConfig config;

  AllInOne(VspConfig config, String instanceId, Consumer<Throwable> onFatal) {
    this.config = config;
    sink = new SinkService(config, instanceId, sinkRegistry, onFatal);
    detector = new DetectorService(config, instanceId, detectorRegistry, onFatal);
    ingest = new IngestService(config, instanceId, 1, ingestRegistry, onFatal);
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

  /**
   * Waits until the detector group has committed every frames record there is (nothing left to infer), or
   * until {@code timeout} passes.
   */
  void awaitDetectorCaughtUp(Duration timeout) throws InterruptedException {
    var kafka = config.kafka();
    String frames = new Topics(kafka.topicPrefix(), kafka.partitions(), kafka.replicationFactor())
        .name(Topics.FRAMES);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(new KafkaClients(kafka.bootstrap(), kafka.properties())
        .admin("vsp-all-in-one"))) {
      while (System.nanoTime() < deadline && !caughtUp(admin, frames, kafka.topicPrefix() + "detector")) {
        Thread.sleep(200); // polling a condition in product code, not a test
      }
    }
  }

  private static boolean caughtUp(Admin admin, String frames, String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      var partitions = admin.describeTopics(List.of(frames)).allTopicNames().get(10, TimeUnit.SECONDS).get(frames)
          .partitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(p -> latest.put(new TopicPartition(frames, p.partition()), OffsetSpec.latest()));
      var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      return ends.entrySet().stream().allMatch(e -> {
        OffsetAndMetadata c = committed.get(e.getKey());
        return e.getValue().offset() == 0 || (c != null && c.offset() >= e.getValue().offset());
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the caller's sleep ends the wait
      return false;
    } catch (Exception e) {
      return false; // not answered yet: ask again
    }
  }

  @Override
  public void close() {
    ingest.close();
    detector.close();
    sink.close();
  }
}
