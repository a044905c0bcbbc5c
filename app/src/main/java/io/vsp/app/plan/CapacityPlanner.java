package io.vsp.app.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes a fleet from {@link FleetCosts}: the arithmetic of {@code vsp plan}, with no I/O. Each process count is
 * the fleet's load divided by what one process does, rounded up; each partition count leaves room to double
 * the processes reading the topic without repartitioning (which would move cameras between partitions).
 */
public final class CapacityPlanner {
  /** Kafka's partition count VSP creates topics with (SPEC §4 {@code kafka.partitions}); the planner's minimum. */
  static final int MIN_PARTITIONS = 12;

  private CapacityPlanner() {}

  public static Plan plan(PlanRequest r) {
    double usableCores = r.hostCores() * FleetCosts.HOST_CORE_SHARE;
    double frames = r.cameras() * r.fps();

    double ingestCores = r.cameras() * FleetCosts.INGEST_CORES_PER_CAMERA_640 * pixelScale(r.width());
    int ingestWorkers = atLeastOne(ingestCores / usableCores);
    double ingestRss = FleetCosts.INGEST_RSS_MB_BASE
        + FleetCosts.INGEST_RSS_MB_PER_CAMERA * Math.ceil((double) r.cameras() / ingestWorkers);

    double perDetector;
    String bound;
    if (r.gpu()) {
      double host = r.hostCores() * FleetCosts.DETECTOR_HOST_CORE_SHARE * 1000 / detectorHostMillis(r.width());
      perDetector = Math.min(r.gpuFps(), host);
      bound = r.gpuFps() <= host ? "GPU inference" : "detector host CPU";
    } else {
      perDetector = FleetCosts.DETECTOR_CPU_FPS_PER_PROCESS * r.hostCores() / 2; // measured on 2 cores
      bound = "CPU inference";
    }
    int detectors = atLeastOne(frames / perDetector);

    double trackerCores = frames * FleetCosts.TRACKER_MS_PER_CAMERA_FRAME / 1000;
    double trackerCoresPerSink =
        Math.min(usableCores, FleetCosts.TRACKER_CORES_PER_INSTANCE) - FleetCosts.TRACKER_CORES_BASE;
    int sinks = atLeastOne(trackerCores / trackerCoresPerSink);

    double video = r.cameras() * r.videoMbps() * 1e6 / 8;
    double jpegs = frames * FleetCosts.JPEG_BYTES_640 * pixelScale(r.width());
    double detections = frames * FleetCosts.DETECTIONS_BYTES_PER_FRAME;
    double events = r.cameras() * FleetCosts.EVENTS_BYTES_PER_CAMERA_SECOND;
    double changelog = frames * FleetCosts.CHANGELOG_BYTES_PER_FRAME;
    // detections and status must have the same count: the tracker joins them per partition
    int trackerPartitions = partitions(Math.max(detections, changelog), Math.max(sinks, detectors));
    List<Plan.TopicPlan> topics = new ArrayList<>();
    topics.add(topic("video", partitions(video, sinks), video, Duration.ofHours(1), r));
    topics.add(topic("frames", partitions(jpegs, detectors), jpegs, Duration.ofMinutes(15), r));
    topics.add(topic("detections", trackerPartitions, detections, Duration.ofDays(1), r));
    topics.add(topic("status", trackerPartitions, 0, null, r));
    topics.add(topic("sink-tracks-changelog", trackerPartitions, changelog, null, r));
    topics.add(topic("events", partitions(events, sinks), events, Duration.ofDays(7), r));
    topics.add(topic("clips", MIN_PARTITIONS, 0, Duration.ofDays(7), r));

    double written = video + jpegs + detections + events + changelog;
    // the detector reads frames, the tracker detections, the clipper and the page's index events
    double read = jpegs + detections + 2 * events;
    return new Plan(r, ingestWorkers, ingestCores, ingestRss, detectors, perDetector, bound, sinks, trackerCores,
        List.copyOf(topics), written, read, written * (r.replicationFactor() - 1));
  }

  /** Decode and JPEG work grow with the pixels: the measured 640-wide cost times (width / 640)². */
  static double pixelScale(int width) {
    double w = (double) width / FleetCosts.INGEST_MEASURED_WIDTH;
    return w * w;
  }

  /** Preprocessing ms per frame at this JPEG width: linear between the measured widths, extended past them. */
  static double detectorHostMillis(int width) {
    if (width <= 1280) {
      return Math.max(0.1, interpolate(width, 640, FleetCosts.DETECTOR_HOST_MS_640, 1280, FleetCosts.DETECTOR_HOST_MS_1280));
    }
    return interpolate(width, 1280, FleetCosts.DETECTOR_HOST_MS_1280, 1920, FleetCosts.DETECTOR_HOST_MS_1920);
  }

  /**
   * Enough partitions for twice the processes reading the topic, and for its write rate at
   * {@link FleetCosts#PARTITION_BYTES_PER_SECOND} each; never fewer than {@link #MIN_PARTITIONS}.
   */
  static int partitions(double bytesPerSecond, int readers) {
    int byRate = (int) Math.ceil(bytesPerSecond / FleetCosts.PARTITION_BYTES_PER_SECOND);
    return Math.max(MIN_PARTITIONS, Math.max(2 * readers, byRate));
  }

  private static Plan.TopicPlan topic(String name, int partitions, double bytesPerSecond, Duration retention,
                                      PlanRequest r) {
    double disk = retention == null ? 0 : bytesPerSecond * retention.toSeconds() * r.replicationFactor();
    return new Plan.TopicPlan(name, partitions, bytesPerSecond, retention, disk);
  }

  private static double interpolate(double x, double x0, double y0, double x1, double y1) {
    return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
  }

  private static int atLeastOne(double processes) {
    return Math.max(1, (int) Math.ceil(processes - 1e-9));
  }
}
