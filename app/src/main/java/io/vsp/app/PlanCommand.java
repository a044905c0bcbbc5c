package io.vsp.app;

import io.vsp.app.plan.CapacityPlanner;
import io.vsp.app.plan.Plan;
import io.vsp.app.plan.PlanPrinter;
import io.vsp.app.plan.PlanRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vsp plan}: sizes a fleet (processes, partitions, Kafka disk and network) from the measured costs. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = "Size a fleet from the measured per-camera costs (docs/OPERATIONS.md, Capacity planning): "
        + "processes, partitions per topic, Kafka disk per retention and network.")
final class PlanCommand implements Callable<Integer> {
  @Option(names = "--cameras", required = true, description = "Cameras in the fleet.")
  int cameras;

  @Option(names = "--fps", required = true, description = "Frames per second sampled for detection per camera (detect.fps).")
  double fps;

  @Option(names = "--width", required = true,
      description = "Width of the frames decoded for detection and sent as JPEG (the detect stream, detect.maxWidth).")
  int width;

  @Option(names = "--gpu-fps", defaultValue = "0",
      description = "Frames per second one detector process's GPU infers (default: CPU inference).")
  double gpuFps;

  @Option(names = "--video-mbps", defaultValue = "4",
      description = "Bit rate of each camera's main stream, recorded to the video topic (default: ${DEFAULT-VALUE}).")
  double videoMbps;

  @Option(names = "--host-cores", defaultValue = "8", description = "Cores of each host (default: ${DEFAULT-VALUE}).")
  int hostCores;

  @Option(names = "--replication-factor", defaultValue = "1",
      description = "Kafka replicas of every topic (default: ${DEFAULT-VALUE}).")
  int replicationFactor;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PlanRequest request;
    try {
      request = new PlanRequest(cameras, fps, width, gpuFps, videoMbps, hostCores, replicationFactor);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("vsp plan: " + e.getMessage());
      return Main.USAGE;
    }
    Plan plan = CapacityPlanner.plan(request);
    PlanPrinter.print(plan, spec.commandLine().getOut());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
