package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.ingest.IngestService;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    ServiceMain lifecycle = new ServiceMain();
    IngestService service = new IngestService(cfg, workerId != null ? workerId : Workers.defaultId(),
        decodeThreads, ServiceMain.registry(), lifecycle::fail);
    return lifecycle.runUntilStopped("vsp ingest", service::start, service::close, spec.commandLine().getErr());
  }
}
