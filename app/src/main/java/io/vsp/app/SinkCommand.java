package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.sink.SinkService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp sink --config F}: one sink instance (tracker, clipper, HTTP) until SIGTERM. */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = "Track detections into events, build snapshots and clips, and serve them over HTTP.")
final class SinkCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--instance-id", description = "Stable name of this instance; its clipper's Kafka "
      + "transactional.id derives from it (default: host name).")
  String instanceId;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    ServiceMain lifecycle = new ServiceMain();
    SinkService service = new SinkService(cfg, instanceId != null ? instanceId : Workers.hostName(),
        ServiceMain.registry(), lifecycle::fail);
    return lifecycle.runUntilStopped("vsp sink", service::start, service::close, spec.commandLine().getErr());
  }
}
