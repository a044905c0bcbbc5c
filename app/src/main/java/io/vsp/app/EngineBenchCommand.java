package io.vsp.app;

import io.vsp.app.demo.EmbeddedBroker;
import io.vsp.app.enginebench.EngineBench;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.tensorrt.GpuProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp engine bench}: the TensorRT engine alone, then the whole detector, and their ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"On a machine with an NVIDIA GPU: the TensorRT engine alone at the batch (a trtexec-style "
        + "ceiling: warm-up, then timed runs, frames/s and ms per batch), then the whole detector on generated "
        + "1280x720 JPEG frames through a local embedded Kafka broker, both printed with their ratio.",
        "Needs the TensorRT/CUDA natives (-Pgpu build or the GPU image). Never run on VSP's own build "
            + "machines, which have no GPU: there it exits with status 1 and says what is missing.",
        "Exit status: 0 measured, 1 no GPU/natives or a run failed, 2 usage error."})
final class EngineBenchCommand implements Callable<Integer> {
  @Option(names = "--onnx", required = true, description = "The ONNX model.")
  Path onnx;

  @Option(names = "--batch", defaultValue = "8",
      description = "Batch for an export with an open batch dimension; a fixed export runs at its own "
          + "(default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--inflight", defaultValue = "2", description = "Batches in flight, each on its own execution "
      + "slot, in both phases (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(names = "--device", defaultValue = "0", description = "CUDA device (default: ${DEFAULT-VALUE}).")
  int device;

  @Option(names = "--runs", defaultValue = "500", description = "Timed engine runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup", defaultValue = "50", description = "Engine warm-up runs (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--frames", defaultValue = "4000",
      description = "Frames through the whole detector (default: ${DEFAULT-VALUE}).")
  long frames;

  @Option(names = "--work", defaultValue = "${java.io.tmpdir}/vsp-engine-bench",
      description = "Folder for the bench's configuration file (default: ${DEFAULT-VALUE}).")
  Path work;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(onnx)) {
      spec.commandLine().getErr().println("vsp engine bench: model " + onnx + " not found (--onnx)");
      return Main.USAGE;
    }
    if (batch < 1 || inflight < 1 || inflight > 16 || runs < 1 || warmup < 0 || frames < 1) {
      spec.commandLine().getErr().println("vsp engine bench: --batch, --runs and --frames must be at least 1, "
          + "--inflight 1..16, --warmup 0 or more");
      return Main.USAGE;
    }
    try {
      GpuProbe.require(device);
    } catch (EngineException e) {
      spec.commandLine().getErr().println("vsp engine bench needs an NVIDIA GPU, which this machine cannot use: "
          + e.getMessage());
      return Main.RUNTIME_FAILURE;
    }
    try (EmbeddedBroker broker = EmbeddedBroker.start()) {
      EngineBench.Report report = EngineBench.run(broker.bootstrap(), onnx, batch, inflight, device, warmup, runs,
          frames, work);
      report.print(spec.commandLine().getOut());
      return 0;
    } catch (EngineException e) {
      spec.commandLine().getErr().println("vsp engine bench: " + e.getMessage());
      return Main.RUNTIME_FAILURE;
    }
  }
}
