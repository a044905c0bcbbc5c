package io.vsp.sink.tracker;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.wire.Detections.DetectedBox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a camera's config says about its detections (SPEC §4): which labels count, which areas are masked,
 * which zones a box stands in, and the median score a track needs for an event. A box stands where its
 * bottom centre is: that is where an object touches the floor, so a person's head over a door zone is not
 * "in" it.
 *
 * @param labels labels that produce tracks; empty = all
 * @param zones zone outlines by name, in config order (events list zones in this order)
 */
record CameraRules(Set<String> labels, double minScore, Map<String, Polygon> zones, List<Polygon> masks) {
  /** An unknown camera: all labels, the default minScore, no zones and no masks. */
  static final CameraRules DEFAULTS = new CameraRules(Set.of(), CameraConfig.DEFAULT_MIN_SCORE, Map.of(), List.of());

  static CameraRules of(CameraConfig camera) {
    if (camera == null) {
      return DEFAULTS;
    }
    Map<String, Polygon> zones = new LinkedHashMap<>();
    camera.zones().forEach((name, points) -> zones.put(name, Polygon.of(points)));
    return new CameraRules(Set.copyOf(camera.labels()), camera.minScore(), zones,
        camera.masks().stream().map(Polygon::of).toList());
  }

  /** Whether a detection takes part in tracking: its label is wanted and its bottom centre is not masked. */
  boolean accepts(DetectedBox detection) {
    if (!labels.isEmpty() && !labels.contains(detection.label())) {
      return false;
    }
    double[] box = detection.box();
    double x = bottomCentreX(box);
    double y = bottomCentreY(box);
    return masks.stream().noneMatch(mask -> mask.contains(x, y));
  }

  /** Names of the zones holding the box's bottom centre, in config order. */
  List<String> zonesOf(double[] box) {
    double x = bottomCentreX(box);
    double y = bottomCentreY(box);
    List<String> inside = new ArrayList<>();
    zones.forEach((name, zone) -> {
      if (zone.contains(x, y)) {
        inside.add(name);
      }
    });
    return inside;
  }

  private static double bottomCentreX(double[] box) {
    return (box[0] + box[2]) / 2;
  }

  private static double bottomCentreY(double[] box) {
    return box[3];
  }
}
