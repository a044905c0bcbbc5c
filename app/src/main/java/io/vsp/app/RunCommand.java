package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
    ServiceMain lifecycle = new ServiceMain();
    AllInOne services = new AllInOne(cfg, instanceId != null ? instanceId : Workers.hostName(), lifecycle::fail);
    return lifecycle.runUntilStopped("vsp run", services::start, services::close, spec.commandLine().getErr());
  }
}
