package io.vsp.app.plan;

import java.time.Duration;
import java.util.List;

/**
 * A sized fleet: how many of each process, and what Kafka must carry and keep.
 *
 * @param ingestCores ingest CPU for the whole fleet
 * @param ingestRssMb resident memory of one ingest worker with its share of the cameras
 * @param detectorFpsPerProcess frames/s one detector process handles, and {@code detectorBound} what bounds it
 * @param trackerCores tracker CPU for the whole fleet
 * @param topics per topic: partitions, bytes written and kept
 * @param writeBytesPerSecond produced into Kafka (leader writes)
 * @param readBytesPerSecond consumed by the services (detector, tracker, clipper; video read back for clips not
 *     included)
 * @param replicationBytesPerSecond copied between brokers
 */
public record Plan(PlanRequest request, int ingestWorkers, double ingestCores, double ingestRssMb,
                   int detectorProcesses, double detectorFpsPerProcess, String detectorBound, int sinkInstances,
                   double trackerCores, List<TopicPlan> topics, double writeBytesPerSecond,
                   double readBytesPerSecond, double replicationBytesPerSecond) {

  /**
   * One topic.
   *
   * @param retention how long records are kept; null for a compacted topic
   * @param diskBytes bytes kept at full retention, every replica; 0 for a compacted topic (its latest values only)
   */
  public record TopicPlan(String name, int partitions, double bytesPerSecond, Duration retention, double diskBytes) {}

  public double diskBytes() {
    return topics.stream().mapToDouble(TopicPlan::diskBytes).sum();
  }
}
