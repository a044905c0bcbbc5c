package io.vsp.app;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.detector.DetectorService;
import io.vsp.detector.engine.EngineException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp detector --config F}: one detector instance until SIGTERM. */
@Command(name = "detector", mixinStandardHelpOptions = true,
    description = "Detect objects in the frames topic and publish one detections record per frame.")
final class DetectorCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--instance-id", description = "Stable name of this instance; its Kafka transactional.id "
      + "derives from it (default: host name).")
  String instanceId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    PrometheusRegistry registry = new PrometheusRegistry();
    MetricsServer.registerJvmMetrics(registry);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger(0);
    DetectorService service = new DetectorService(cfg, instanceId != null ? instanceId : Workers.hostName(),
        registry, e -> {
          status.set(Main.RUNTIME_FAILURE);
          done.countDown();
        });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      done.countDown();
    }, "shutdown"));
    try {
      service.start();
    } catch (EngineException e) {
      // the configured model cannot run here (missing, fits no contract, engine unavailable): a
      // configuration problem to fix before starting again
      spec.commandLine().getErr().println("vsp detector: " + e.getMessage());
      service.close();
      return Main.USAGE;
    }
    done.await();
    service.close();
    return status.get();
  }
}
