package io.vsp.detector.replay;

import io.vsp.common.config.DetectorConfig;
import io.vsp.common.kafka.Topics;
import io.vsp.detector.batch.FrameWindow;
import java.util.Objects;

/**
 * What {@code vsp replay} asks of the detector's stages: run {@code window} of {@code frames} through the
 * model of {@code detector} and write {@code <prefix>detections.<tag>}, exactly once, as a consumer group and
 * transactional id of its own, without a staleness check (replay is not live).
 *
 * @param tag names the output topic, the consumer group and the transactional id
 * @param detector the detector settings with the replay's model and engine
 */
public record ReplayJob(String tag, DetectorConfig detector, FrameWindow window) {
  public ReplayJob {
    Objects.requireNonNull(detector, "detector");
    Objects.requireNonNull(window, "window");
    Topics.taggedDetections(tag); // checks the tag
  }

  /** The consumer group and the transactional id (one instance per tag), prefix included. */
  public static String groupId(String topicPrefix, String tag) {
    return topicPrefix + "replay-" + tag;
  }

  public Topics.Spec output() {
    return Topics.taggedDetections(tag);
  }
}
