package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.testkit.MotScorer;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracking quality, measured (issue 13): the tracker's events on the generated {@link MotScenes}, scored with
 * the test kit's {@link MotScorer}, for the tracker as configured by default and for the baseline — the same
 * class with the low-score pass off, i.e. the tracker before issue 13 fed by the detector's former default
 * threshold 0.25. A track's predicted boxes are the {@code path} of its event (its matched detections, from
 * the first one on, as the clipper draws them), its id the event id; tracks that never confirm show nothing.
 * Writes the table to {@code <target>/tracking-quality.md} ({@code bench/run tracking} prints it).
 */
class TrackingQualityTest {
  /** Long enough that no scene's path is cut by the clip length. */
  static final SinkConfig.Clips CLIPS = new SinkConfig.Clips(true, Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofMinutes(10), true, false);
  static final SinkConfig.Tracker NEW = SinkConfig.Tracker.DEFAULTS;
  static final SinkConfig.Tracker BASELINE = SinkConfig.Tracker.DEFAULTS.withoutLowScore();

  record Row(MotScenes.Scene scene, MotScorer.Score baseline, MotScorer.Score tracker) {}

  static List<Row> rows;

  @BeforeAll
  static void scoreEveryScene() throws IOException, URISyntaxException {
    rows = new ArrayList<>();
    for (MotScenes.Scene scene : MotScenes.all()) {
      rows.add(new Row(scene, MotScorer.score(scene.truth(), predictions(scene, BASELINE)),
          MotScorer.score(scene.truth(), predictions(scene, NEW))));
    }
    String table = table(rows);
    Path target = Path.of(TrackingQualityTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getParent();
    Files.writeString(target.resolve("tracking-quality.md"), table);
    System.out.println(table);
  }

  @Test
  void theTrackerBeatsTheBaselineOnIdf1InEveryNoisyScene() {
    for (Row row : rows) {
      if (row.scene().noisy()) {
        assertThat(row.tracker().idf1()).as(row.scene().name() + ": IDF1, baseline " + row.baseline().idf1())
            .isGreaterThan(row.baseline().idf1());
      }
    }
  }

  @Test
  void cleanScenesAreTrackedWellWithAtMostOneIdSwitchPerCrossing() {
    for (Row row : rows) {
      if (!row.scene().noisy()) {
        assertThat(row.tracker().idf1()).as(row.scene().name() + ": IDF1").isGreaterThanOrEqualTo(0.9);
        assertThat(row.tracker().idSwitches()).as(row.scene().name() + ": ID switches, crossings "
            + row.scene().crossings()).isLessThanOrEqualTo(row.scene().crossings());
      }
    }
  }

  /** Runs the tracker over a scene frame by frame, in memory, and reads its events' paths back as boxes. */
  static List<List<MotScorer.Box>> predictions(MotScenes.Scene scene, SinkConfig.Tracker config) {
    Tracker tracker = new Tracker(config, CLIPS, id -> (CameraConfig) null);
    CameraTracks state = CameraTracks.empty(Scene.CAMERA);
    List<Event> ends = new ArrayList<>();
    int frames = scene.detections().size();
    for (int n = 0; n < frames; n++) {
      List<DetectedBox> objects = scene.detections().get(n);
      collectEnds(tracker.onDetections(state, Scene.detections(n, objects.toArray(DetectedBox[]::new))), ends);
    }
    collectEnds(tracker.onStatus(state, new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE, Scene.ts(frames),
        "scene over", "w1")), ends);
    List<List<MotScorer.Box>> predicted = new ArrayList<>();
    for (int n = 0; n < frames; n++) {
      predicted.add(new ArrayList<>());
    }
    long t0 = Json.parseMicros(Scene.ts(0));
    for (Event end : ends) {
      for (Event.PathPoint point : end.path()) {
        int n = (int) ((Json.parseMicros(point.ts()) - t0) / (Scene.FRAME_MS * 1000));
        predicted.get(n).add(new MotScorer.Box(end.id(), point.box()));
      }
    }
    return predicted;
  }

  private static void collectEnds(List<Event> events, List<Event> ends) {
    events.stream().filter(e -> e.type().equals(Event.END)).forEach(ends::add);
  }

  static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| scene | frames | objects | true boxes | crossings | baseline MOTA | IDF1 | IDSW | tracker MOTA"
        + " | IDF1 | IDSW |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      MotScenes.Scene scene = row.scene();
      long objects = scene.truth().stream().flatMap(List::stream).map(MotScorer.Box::id).distinct().count();
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f | %d | %.3f | %.3f | %d |%n",
          scene.name(), scene.truth().size(), objects, row.tracker().truths(), scene.crossings(),
          row.baseline().mota(), row.baseline().idf1(), row.baseline().idSwitches(), row.tracker().mota(),
          row.tracker().idf1(), row.tracker().idSwitches()));
    }
    return out.toString();
  }
}
