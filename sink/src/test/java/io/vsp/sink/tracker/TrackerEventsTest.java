package io.vsp.sink.tracker;

import static io.vsp.sink.tracker.Scene.camera;
import static io.vsp.sink.tracker.Scene.id;
import static io.vsp.sink.tracker.Scene.object;
import static io.vsp.sink.tracker.Scene.person;
import static io.vsp.sink.tracker.Scene.rect;
import static io.vsp.sink.tracker.Scene.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.wire.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What events say and when updates go out: camera filters, zones, the update rules, best and path. */
class TrackerEventsTest {

  @Test
  void labelsOutsideTheCamerasLabelsMakeNoTracks() {
    Scene scene = Scene.withCamera(camera(List.of("person"), 0.5, null, null));
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      events.addAll(scene.frame(n, object("car", 0.9, 0.5, 0.5, 0.8, 0.7), person(0.9, 0.1, 0.1, 0.2, 0.4)));
    }

    assertThat(events).extracting(Event::type, Event::label).containsExactly(tuple("start", "person"));
    assertThat(scene.state.tracks()).hasSize(1);
  }

  @Test
  void detectionWhoseBottomCentreIsMaskedIsIgnored() {
    Scene scene = Scene.withCamera(camera(null, 0.5, null, List.of(rect(0.0, 0.8, 1.0, 1.0))));
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      events.addAll(scene.frame(n,
          person(0.9, 0.1, 0.5, 0.2, 0.9), // stands in the masked strip (a poster on the floor, say)
          person(0.9, 0.5, 0.3, 0.6, 0.7))); // reaches nowhere near it
    }

    assertThat(events).extracting(Event::type, Event::id).containsExactly(tuple("start", id(0)));
    assertThat(events.get(0).box()).containsExactly(0.5, 0.3, 0.6, 0.7);
  }

  @Test
  void boxOverlappingAMaskWithItsBottomCentreOutsideIsTracked() {
    Scene scene = Scene.withCamera(camera(null, 0.5, null, List.of(rect(0.0, 0.0, 1.0, 0.5))));

    scene.frame(0, person(0.9, 0.1, 0.2, 0.2, 0.9));
    assertThat(scene.frame(1, person(0.9, 0.1, 0.2, 0.2, 0.9))).extracting(Event::type).containsExactly("start");
  }

  @Test
  void zonesHoldingTheBottomCentreAppearInStartAndUpdateInConfigOrder() {
    Map<String, List<List<Double>>> zones = new LinkedHashMap<>();
    zones.put("door", rect(0.10, 0.20, 0.40, 0.90));
    zones.put("hall", rect(0.0, 0.5, 1.0, 1.0));
    Scene scene = Scene.withCamera(camera(null, 0.5, zones, null));
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 12; n++) {
      // edges left, too slowly for the 10 % rule: bottom centre x 0.405 (hall only) → 0.3885 (door and hall)
      double x = 0.355 - n * 0.0015;
      events.addAll(scene.frame(n, person(0.9, x, 0.40, x + 0.1, 0.80)));
    }

    assertThat(events).extracting(Event::type, Event::zones, Event::ts).containsExactly(
        tuple("start", List.of("hall"), ts(1)),
        tuple("update", List.of("door", "hall"), ts(6))); // in the door from frame 4: update 1 s after start
  }

  @Test
  void updatesGoOutAtMostOnceASecondOfCaptureTime() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 16; n++) {
      events.addAll(scene.frame(n, person(0.50 + n * 0.01, 0.3, 0.3, 0.4, 0.6))); // a new topScore every frame
    }

    assertThat(events).extracting(Event::type, Event::ts, Event::topScore).containsExactly(
        tuple("start", ts(1), 0.51),
        tuple("update", ts(6), 0.56),
        tuple("update", ts(11), 0.61));
  }

  @Test
  void stillObjectWithSteadyScoreSendsNoUpdates() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 30; n++) {
      double jitter = n % 2 == 0 ? 0.004 : -0.004; // under 10 % of the 0.1 × 0.3 box
      events.addAll(scene.frame(n, person(n == 0 ? 0.9 : 0.8, 0.3 + jitter, 0.3, 0.4 + jitter, 0.6)));
    }

    assertThat(events).extracting(Event::type).containsExactly("start");
  }

  @Test
  void boxMovingMoreThanTenPercentOfItsSizeSinceTheLastRecordSendsAnUpdate() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      double x = 0.3 + n * 0.0025; // 2.5 % of the box width a frame: 10 % passed after 5 frames
      events.addAll(scene.frame(n, person(0.9, x, 0.3, x + 0.1, 0.6)));
    }

    // start at frame 1; frame 6 is 1 s later and 12.5 % of the width further: update; and so on
    assertThat(events).extracting(Event::type, Event::ts).containsExactly(
        tuple("start", ts(1)), tuple("update", ts(6)), tuple("update", ts(11)), tuple("update", ts(16)));
    assertThat(events.get(1).box()).containsExactly(0.315, 0.3, 0.415, 0.6);
  }

  @Test
  void tenPercentRuleComparesEveryEdgeWithTheLastSentBox() {
    double[] sent = {0.2, 0.2, 0.3, 0.6}; // 0.1 wide, 0.4 high

    assertThat(EventRules.moved(sent, new double[] {0.209, 0.2, 0.309, 0.6})).isFalse();
    assertThat(EventRules.moved(sent, new double[] {0.211, 0.2, 0.311, 0.6})).isTrue();
    assertThat(EventRules.moved(sent, new double[] {0.2, 0.2, 0.3, 0.639})).isFalse();
    assertThat(EventRules.moved(sent, new double[] {0.2, 0.2, 0.3, 0.641})).isTrue(); // grown: a resize counts
  }

  @Test
  void endCarriesBestDetectionAndThePathUpToTheClipsMaxLength() {
    SinkConfig.Clips clips = new SinkConfig.Clips(true, Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(1), true, false);
    Scene scene = new Scene(SinkConfig.Tracker.DEFAULTS, clips, null);
    for (int n = 0; n < 10; n++) {
      scene.frame(n, person(n == 3 ? 0.95 : 0.9, 0.3, 0.3, 0.4, 0.6));
    }

    Event end = scene.emptyFrames(10, 19).get(0);
    assertThat(end.path()).hasSize(6); // frames 0..5: capture time within 1 s of the first
    assertThat(end.path().get(5).ts()).isEqualTo(ts(5));
    assertThat(end.best()).satisfies(best -> {
      assertThat(best.ts()).isEqualTo(ts(3));
      assertThat(best.score()).isEqualTo(0.95);
      assertThat(best.partition()).isEqualTo(Scene.PARTITION);
      assertThat(best.offset()).isEqualTo(Scene.OFFSET0 + 3);
      assertThat(best.box()).containsExactly(0.3, 0.3, 0.4, 0.6);
    });
    assertThat(end.topScore()).isEqualTo(0.95);
    assertThat(end.score()).isEqualTo(0.9);
  }

  @Test
  void boxesAndScoresAreRoundedToFourDecimals() {
    Scene scene = Scene.defaults();
    scene.frame(0, person(0.912345, 0.123456, 0.2, 0.333333, 0.666666));
    Event start = scene.frame(1, person(0.912345, 0.123456, 0.2, 0.333333, 0.666666)).get(0);

    assertThat(start.score()).isEqualTo(0.9123);
    assertThat(start.box()).containsExactly(0.1235, 0.2, 0.3333, 0.6667);
  }
}
