package io.vsp.app.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The planner's arithmetic, worked by hand from {@link FleetCosts} (so a re-measured constant keeps these true). */
class CapacityPlannerTest {

  private static PlanRequest request(int cameras, double fps, int width, double gpuFps) {
    return new PlanRequest(cameras, fps, width, gpuFps, 4, 8, 1);
  }

  private static Plan.TopicPlan topic(Plan plan, String name) {
    return plan.topics().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void processCountsAreTheLoadOverWhatOneProcessDoesRoundedUp() {
    Plan plan = CapacityPlanner.plan(request(1000, 5, 640, 0));

    double ingestCores = 1000 * FleetCosts.INGEST_CORES_PER_CAMERA_640;
    assertThat(plan.ingestCores()).isCloseTo(ingestCores, within(1e-9));
    assertThat(plan.ingestWorkers()).isEqualTo((int) Math.ceil(ingestCores / (8 * FleetCosts.HOST_CORE_SHARE)));
    double perDetector = FleetCosts.DETECTOR_CPU_FPS_PER_PROCESS * 8 / 2;
    assertThat(plan.detectorFpsPerProcess()).isCloseTo(perDetector, within(1e-9));
    assertThat(plan.detectorProcesses()).isEqualTo((int) Math.ceil(5000 / perDetector));
    assertThat(plan.detectorBound()).isEqualTo("CPU inference");
    double trackerCores = 5000 * FleetCosts.TRACKER_MS_PER_CAMERA_FRAME / 1000;
    assertThat(plan.trackerCores()).isCloseTo(trackerCores, within(1e-9));
    // one stream thread per instance: a core, less what the tracker costs idle
    assertThat(plan.sinkInstances()).isEqualTo((int) Math.ceil(
        trackerCores / (FleetCosts.TRACKER_CORES_PER_INSTANCE - FleetCosts.TRACKER_CORES_BASE)));
  }

  @Test
  void aSmallFleetStillGetsOneOfEachProcessAndTheDefaultPartitions() {
    Plan plan = CapacityPlanner.plan(request(1, 1, 640, 0));

    assertThat(plan.ingestWorkers()).isEqualTo(1);
    assertThat(plan.detectorProcesses()).isEqualTo(1);
    assertThat(plan.sinkInstances()).isEqualTo(1);
    assertThat(plan.topics()).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(12));
  }

  @Test
  void ingestCostGrowsWithThePixelsOfTheDecodedStream() {
    Plan at640 = CapacityPlanner.plan(request(100, 5, 640, 0));
    Plan at1280 = CapacityPlanner.plan(request(100, 5, 1280, 0));

    assertThat(at1280.ingestCores()).isCloseTo(4 * at640.ingestCores(), within(1e-9));
    assertThat(topic(at1280, "frames").bytesPerSecond()).isCloseTo(4 * topic(at640, "frames").bytesPerSecond(),
        within(1e-6));
  }

  @Test
  void diskIsTheWriteRateTimesTheRetentionTimesTheReplicas() {
    Plan plan = CapacityPlanner.plan(new PlanRequest(10, 5, 640, 0, 4, 8, 3));

    Plan.TopicPlan video = topic(plan, "video");
    assertThat(video.bytesPerSecond()).isCloseTo(10 * 4e6 / 8, within(1e-6)); // 10 cameras at 4 Mbit/s
    assertThat(video.retention()).isEqualTo(Duration.ofHours(1));
    assertThat(video.diskBytes()).isCloseTo(5e6 * 3600 * 3, within(1.0));
    Plan.TopicPlan detections = topic(plan, "detections");
    assertThat(detections.diskBytes())
        .isCloseTo(50 * FleetCosts.DETECTIONS_BYTES_PER_FRAME * 86_400 * 3, within(1.0));
    assertThat(topic(plan, "sink-tracks-changelog").diskBytes()).isZero(); // compacted: not sized by retention
    assertThat(plan.replicationBytesPerSecond()).isCloseTo(2 * plan.writeBytesPerSecond(), within(1e-6));
  }

  @Test
  void detectionsStatusAndChangelogShareOnePartitionCount() {
    Plan plan = CapacityPlanner.plan(request(5000, 5, 1280, 400));

    int n = topic(plan, "detections").partitions();
    assertThat(topic(plan, "status").partitions()).isEqualTo(n);
    assertThat(topic(plan, "sink-tracks-changelog").partitions()).isEqualTo(n);
    assertThat(n).isGreaterThanOrEqualTo(2 * plan.detectorProcesses());
  }

  @Test
  void partitionsLeaveRoomToDoubleTheReadersAndCapTheRatePerPartition() {
    assertThat(CapacityPlanner.partitions(1e6, 3)).isEqualTo(12);
    assertThat(CapacityPlanner.partitions(1e6, 10)).isEqualTo(20);
    assertThat(CapacityPlanner.partitions(25 * FleetCosts.PARTITION_BYTES_PER_SECOND, 1)).isEqualTo(25);
    assertThat(CapacityPlanner.partitions(25.5 * FleetCosts.PARTITION_BYTES_PER_SECOND, 1)).isEqualTo(26);
  }

  @Test
  void aGpuDetectorIsBoundByItsGpuOrByTheHostsPreprocessing() {
    Plan slowGpu = CapacityPlanner.plan(request(100, 5, 1280, 50));
    assertThat(slowGpu.detectorFpsPerProcess()).isEqualTo(50);
    assertThat(slowGpu.detectorBound()).isEqualTo("GPU inference");
    assertThat(slowGpu.detectorProcesses()).isEqualTo(10);

    Plan fastGpu = CapacityPlanner.plan(request(100, 5, 1280, 1e5));
    double preprocess = 8 * FleetCosts.DETECTOR_HOST_CORE_SHARE * 1000 / FleetCosts.DETECTOR_HOST_MS_1280;
    assertThat(fastGpu.detectorFpsPerProcess()).isCloseTo(preprocess, within(1e-9));
    assertThat(fastGpu.detectorBound()).isEqualTo("detector host CPU");
  }

  @Test
  void preprocessingTimeIsInterpolatedBetweenTheMeasuredWidths() {
    assertThat(CapacityPlanner.detectorHostMillis(640)).isCloseTo(FleetCosts.DETECTOR_HOST_MS_640, within(1e-9));
    assertThat(CapacityPlanner.detectorHostMillis(960))
        .isCloseTo((FleetCosts.DETECTOR_HOST_MS_640 + FleetCosts.DETECTOR_HOST_MS_1280) / 2, within(1e-9));
    assertThat(CapacityPlanner.detectorHostMillis(1920)).isCloseTo(FleetCosts.DETECTOR_HOST_MS_1920, within(1e-9));
    assertThat(CapacityPlanner.detectorHostMillis(2560)).isGreaterThan(FleetCosts.DETECTOR_HOST_MS_1920);
    assertThat(CapacityPlanner.detectorHostMillis(160)).isPositive();
  }

  @Test
  void requestsOutOfRangeAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> request(0, 5, 640, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--cameras takes 1 to 1000000, not 0");
    assertThatThrownBy(() -> request(10, 0, 640, 0)).hasMessage("--fps takes a number above 0 and at most 60, not 0.0");
    assertThatThrownBy(() -> request(10, 5, 100, 0)).hasMessage("--width takes 160 to 7680 pixels, not 100");
    assertThatThrownBy(() -> request(10, 5, 640, -1)).hasMessage("--gpu-fps takes 0 (no GPU) to 100000, not -1.0");
  }
}
