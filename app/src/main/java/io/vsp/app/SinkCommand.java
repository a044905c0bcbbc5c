package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.sink.SinkService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vsp sink --config F}: one sink instance (tracker, clipper, HTTP) until SIGTERM. */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = "Track detections into events, build snapshots and clips, and serve them over HTTP.")
final class SinkCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--instance-id", description = "Stable name of this instance; its clipper's Kafka "
      + "transactional.id derives from it (default: host name).")
  String instanceId;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger(0);
    SinkService service = new SinkService(cfg, instanceId != null ? instanceId : Workers.hostName(), registry, e -> {
      status.set(Main.RUNTIME_FAILURE);
      done.countDown();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      done.countDown();
    }, "shutdown"));
    service.start();
    done.await();
    service.close();
    return status.get();
  }
}
