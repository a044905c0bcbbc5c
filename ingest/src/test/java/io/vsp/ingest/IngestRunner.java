package io.vsp.ingest;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs an {@link IngestService} in the test JVM from a YAML text, the way {@code vsp ingest} does. */
final class IngestRunner implements AutoCloseable {
  final VspConfig config;
  final IngestService service;
  final Path configFile;
  /** What the service reported as fatal (a test may assert it stayed empty). */
  final List<Throwable> fatal = new CopyOnWriteArrayList<>();

  IngestRunner(Path dir, String yaml, Map<String, String> env, String worker) {
    try {
      Files.createDirectories(dir);
      configFile = dir.resolve("vsp.yaml");
      Files.writeString(configFile, yaml);
      config = ConfigLoader.load(configFile, env);
      service = new IngestService(config, worker, 1, new PrometheusRegistry(), fatal::add);
      service.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int metricsPort() {
    return service.metricsPort();
  }

  String topic(String name) {
    return config.kafka().topicPrefix() + name;
  }

  @Override
  public void close() {
    service.close();
  }
}
