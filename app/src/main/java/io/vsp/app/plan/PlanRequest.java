package io.vsp.app.plan;

/**
 * What a fleet is to be sized for: {@code vsp plan}'s options, checked.
 *
 * @param cameras cameras in the fleet, 1..1,000,000
 * @param fps frames per second sampled for detection per camera ({@code detect.fps}), above 0 and at most 60
 * @param width width of the frames decoded for detection and sent as JPEG ({@code detect.maxWidth}), 160..7680
 * @param gpuFps frames per second one detector process's GPU infers; 0 = CPU inference
 * @param videoMbps bit rate of each camera's main stream, recorded to {@code video}
 * @param hostCores cores of each host a service process runs on
 * @param replicationFactor Kafka replicas of every topic
 */
public record PlanRequest(int cameras, double fps, int width, double gpuFps, double videoMbps, int hostCores,
                          int replicationFactor) {
  public PlanRequest {
    check(cameras >= 1 && cameras <= 1_000_000, "--cameras takes 1 to 1000000, not " + cameras);
    check(fps > 0 && fps <= 60, "--fps takes a number above 0 and at most 60, not " + fps);
    check(width >= 160 && width <= 7680, "--width takes 160 to 7680 pixels, not " + width);
    check(gpuFps >= 0 && gpuFps <= 100_000, "--gpu-fps takes 0 (no GPU) to 100000, not " + gpuFps);
    check(videoMbps > 0 && videoMbps <= 100, "--video-mbps takes a number above 0 and at most 100, not " + videoMbps);
    check(hostCores >= 1 && hostCores <= 1024, "--host-cores takes 1 to 1024, not " + hostCores);
    check(replicationFactor >= 1 && replicationFactor <= 10,
        "--replication-factor takes 1 to 10, not " + replicationFactor);
  }

  boolean gpu() {
    return gpuFps > 0;
  }

  private static void check(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }
}
