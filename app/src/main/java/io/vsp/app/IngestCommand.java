package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.ingest.IngestService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vsp ingest --config F}: one ingest worker until SIGTERM. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Read the cameras this worker is given and publish video, frames and status to Kafka.")
final class IngestCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--worker-id", description = "Name of this worker in status records (default: host-pid).")
  String workerId;

  @Option(names = "--decode-threads", defaultValue = "1",
      description = "FFmpeg decoder threads per stream (default: ${DEFAULT-VALUE}, lowest latency).")
  int decodeThreads;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    IngestService service = new IngestService(cfg, workerId != null ? workerId : Workers.defaultId(),
        decodeThreads, registry);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      done.countDown();
    }, "shutdown"));
    service.start();
    done.await();
    return 0;
  }
}
