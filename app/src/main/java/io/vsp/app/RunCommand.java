package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.detector.engine.EngineException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp run --config F}: ingest, detector and sink in one JVM against the configured Kafka. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run ingest, detector and sink in one process against the Kafka in the configuration.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--instance-id", description = "Stable name of this process (default: host name).")
  String instanceId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    CountDownLatch done = new CountDownLatch(1);
    AtomicInteger status = new AtomicInteger(0);
    AllInOne services = new AllInOne(cfg, instanceId != null ? instanceId : Workers.hostName(), e -> {
      status.set(Main.RUNTIME_FAILURE);
      done.countDown();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      services.close();
      done.countDown();
    }, "shutdown"));
    try {
      services.start();
    } catch (EngineException e) {
      spec.commandLine().getErr().println("vsp run: " + e.getMessage());
      services.close();
      return Main.USAGE;
    }
    done.await();
    services.close();
    return status.get();
  }
}
