package io.vsp.sink.tracker;

import static io.vsp.sink.tracker.Scene.id;
import static io.vsp.sink.tracker.Scene.object;
import static io.vsp.sink.tracker.Scene.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.wire.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How detections join tracks: motion prediction, the gate of once-seen tracks, crossings, label votes. */
class TrackerMatchingTest {

  @Test
  void objectMovingMoreThanABoxWidthPerFrameAt5FpsKeepsOneTrack() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 7; n++) {
      double x = 0.02 + n * 0.12; // 1.2 box widths (0.1) per 200 ms: no overlap between frames at all
      events.addAll(scene.frame(n, person(0.9, x, 0.40, x + 0.1, 0.60)));
    }
    events.addAll(scene.emptyFrames(7, 16));

    assertThat(events).extracting(Event::type).containsExactly("start", "update", "end"); // moved: update at 1.2 s
    assertThat(events).extracting(Event::id).containsOnly(id(0));
    assertThat(events).extracting(Event::track).containsOnly(1L);
    assertThat(events.get(2).path()).hasSize(7);
    assertThat(events.get(2).box()).containsExactly(0.74, 0.40, 0.84, 0.60);
  }

  @Test
  void secondDetectionFarFromAOnceSeenTrackStartsANewTrack() {
    Scene scene = Scene.defaults();
    scene.frame(0, person(0.9, 0.10, 0.40, 0.20, 0.60));
    scene.frame(1, person(0.9, 0.60, 0.40, 0.70, 0.60)); // 5 box widths away: another object

    assertThat(scene.state.tracks()).hasSize(2);
  }

  @Test
  void crossingObjectsKeepTheirIds() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      double a = 0.10 + n * 0.06; // left to right
      double b = 0.80 - n * 0.06; // right to left, a little lower: they overlap around frame 6
      events.addAll(scene.frame(n, person(0.9, a, 0.40, a + 0.1, 0.60), person(0.8, b, 0.45, b + 0.1, 0.65)));
    }
    events.addAll(scene.emptyFrames(12, 21));

    List<Event> ends = events.stream().filter(e -> e.type().equals("end")).toList();
    assertThat(ends).hasSize(2);
    for (Event end : ends) {
      List<Double> xs = end.path().stream().map(p -> p.box()[0]).toList();
      assertThat(end.path()).hasSize(12);
      boolean rightward = end.path().get(0).box()[1] == 0.40;
      assertThat(xs).isSortedAccordingTo(rightward ? Double::compare : (p, q) -> Double.compare(q, p));
      assertThat(end.path()).extracting(p -> p.box()[1]).containsOnly(rightward ? 0.40 : 0.45);
    }
  }

  @Test
  void objectsFirstSeenInOneFrameAllStartFromThatFrameWithDistinctIds() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      events.addAll(scene.frame(n, person(0.9, 0.1, 0.1, 0.2, 0.3), person(0.9, 0.4, 0.1, 0.5, 0.3),
          person(0.9, 0.7, 0.1, 0.8, 0.3)));
    }

    // regression: the ids once were the frame's only, so the second and third started one and two frames late
    assertThat(events).extracting(Event::type, Event::id, Event::track, Event::startTs, Event::ts)
        .containsExactly(tuple("start", id(0), 1L, Scene.ts(0), Scene.ts(1)),
            tuple("start", id(0) + ".1", 2L, Scene.ts(0), Scene.ts(1)),
            tuple("start", id(0) + ".2", 3L, Scene.ts(0), Scene.ts(1)));
    assertThat(events).extracting(e -> Event.cameraOf(e.id())).containsOnly(Scene.CAMERA);
    assertThat(events).extracting(Event::clip).containsExactly("/clips/" + id(0) + ".mp4",
        "/clips/" + id(0) + ".1.mp4", "/clips/" + id(0) + ".2.mp4");
  }

  @Test
  void matchingIsClassAgnosticAndTheLabelIsTheOneWithTheHighestSummedScore() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    events.addAll(scene.frame(0, object("dog", 0.9, 0.1, 0.1, 0.3, 0.3)));
    events.addAll(scene.frame(1, object("cat", 0.6, 0.1, 0.1, 0.3, 0.3)));
    assertThat(events).extracting(Event::label).containsExactly("dog");

    scene.frame(2, object("cat", 0.6, 0.1, 0.1, 0.3, 0.3)); // cat 1.2 > dog 0.9
    assertThat(scene.state.tracks()).hasSize(1);
    assertThat(scene.state.tracks().get(0).label()).isEqualTo("cat");
  }

  @Test
  void lowScoringDetectionsKeepATrackGoingButStartNone() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      double x = 0.1 + n * 0.01;
      double score = n < 4 ? 0.9 : 0.15; // seen well, then dimly (partly hidden, blurred) for 3 s
      events.addAll(scene.frame(n, person(score, x, 0.40, x + 0.1, 0.60),
          person(0.2, 0.7, 0.1, 0.8, 0.3))); // clutter that never scores high
      assertThat(scene.state.tracks()).as("frame %d", n).hasSize(1);
    }
    events.addAll(scene.status("offline", "no data for 10s", 20));

    Event end = events.get(events.size() - 1);
    assertThat(events).extracting(Event::type).filteredOn(t -> !t.equals("update")).containsExactly("start", "end");
    assertThat(events).extracting(Event::id).containsOnly(id(0));
    assertThat(end.endReason()).isEqualTo(Event.OFFLINE);
    assertThat(end.path()).hasSize(20);
    assertThat(end.box()).containsExactly(0.29, 0.40, 0.39, 0.60);
    assertThat(end.topScore()).isEqualTo(0.9);
  }

  @Test
  void withTheLowScorePassOffLowScoringDetectionsAreIgnored() {
    Scene scene = new Scene(SinkConfig.Tracker.DEFAULTS.withoutLowScore(), SinkConfig.Clips.DEFAULTS, null);
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      double x = 0.1 + n * 0.01;
      events.addAll(scene.frame(n, person(n < 4 ? 0.9 : 0.15, x, 0.40, x + 0.1, 0.60)));
    }

    // the track's last match is frame 3: maxAge (2 s, 10 frames) later it ends lost
    Event end = events.get(events.size() - 1);
    assertThat(events).extracting(Event::type).filteredOn(t -> !t.equals("update")).containsExactly("start", "end");
    assertThat(end.endReason()).isEqualTo(Event.LOST);
    assertThat(end.path()).hasSize(4);
  }

  @Test
  void detectionsUnderLowScoreAreIgnored() {
    Scene scene = Scene.defaults();
    scene.frame(0, person(0.9, 0.1, 0.4, 0.2, 0.6));
    for (int n = 1; n < 12; n++) {
      scene.frame(n, person(0.09, 0.1, 0.4, 0.2, 0.6));
    }

    assertThat(scene.state.tracks()).as("unmatched for 11 frames: gone").isEmpty();
  }
}
