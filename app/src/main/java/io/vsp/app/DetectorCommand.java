package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.detector.DetectorService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    ServiceMain lifecycle = new ServiceMain();
    DetectorService service = new DetectorService(cfg, instanceId != null ? instanceId : Workers.hostName(),
        ServiceMain.registry(), lifecycle::fail);
    return lifecycle.runUntilStopped("vsp detector", service::start, service::close, spec.commandLine().getErr());
  }
}
