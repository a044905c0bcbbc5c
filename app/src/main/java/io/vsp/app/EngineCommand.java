package io.vsp.app;

import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.tensorrt.BuildRequest;
import io.vsp.detector.engine.tensorrt.EngineBuild;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vsp engine build}: builds a TensorRT engine ahead of time (or finds it in the cache); also the child
 * process the detector starts on a cache miss. {@code vsp engine bench}: see {@link EngineBenchCommand}.
 */
@Command(name = "engine", description = "TensorRT engine tools.",
    subcommands = {EngineCommand.Build.class, EngineBenchCommand.class})
final class EngineCommand {

  @Command(name = "build", mixinStandardHelpOptions = true,
      description = "Build (or find in the engine cache) the TensorRT engine for an ONNX model as exported, "
          + "batch included, under the cache entry's lock (concurrent builders of one engine build it once). Needs an "
          + "NVIDIA GPU and the TensorRT/CUDA natives (-Pgpu build or the GPU image). Exit status: 0 built or cached, "
          + "1 build failure or no GPU/natives, 2 usage error.")
  static final class Build implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "The ONNX model.")
    Path onnx;

    @Option(names = "--out", description = "Also copy the engine plan here.")
    Path out;

    @Option(names = "--config", description = "Configuration file: detector.tensorrt (cache, device, "
        + "workspace), detector.batch.max and detector.inflight are used; defaults otherwise.")
    Path config;

    // The detector starts this command as a child process on a cache miss and passes its own settings:
    @Option(names = "--engine-cache", description = "Engine cache folder (overrides detector.tensorrt.engineCache).")
    Path engineCache;

    @Option(names = "--device", description = "CUDA device (overrides detector.tensorrt.device).")
    Integer device;

    @Option(names = "--workspace-bytes", description = "Builder workspace in bytes (overrides "
        + "detector.tensorrt.workspace).")
    Long workspaceBytes;

    @Option(names = "--batch", description = "Batch for an export with an open batch (overrides detector.batch.max).")
    Integer batch;

    @Option(names = "--slots", description = "Execution slots that will share the engine; an open batch gets one "
        + "optimization profile each (overrides detector.inflight).")
    Integer slots;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ConfigException {
      DetectorConfig detector = config == null ? DetectorConfig.DEFAULTS
          : ConfigLoader.load(config, false).detector();
      BuildRequest defaults = BuildRequest.of(detector);
      BuildRequest request;
      try {
        request = new BuildRequest(engineCache != null ? engineCache : defaults.cacheDir(),
            device != null ? device : defaults.device(),
            workspaceBytes != null ? workspaceBytes : defaults.workspaceBytes(),
            batch != null ? batch : defaults.batchIfOpen(), slots != null ? slots : defaults.slots());
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("vsp engine build: " + e.getMessage());
        return Main.USAGE;
      }
      PrintWriter say = spec.commandLine().getOut();
      try {
        // The detector that started this process shows these lines in its log (waiting for another builder).
        EngineBuild.Built built = EngineBuild.build(onnx, out, request, say::println);
        say.printf("%s engine %s (key %s)%n", built.fromCache() ? "cached" : "built", built.plan(), built.key());
        return 0;
      } catch (EngineException e) {
        spec.commandLine().getErr().println("vsp engine build: " + e.getMessage());
        return Main.RUNTIME_FAILURE;
      }
    }
  }
}
