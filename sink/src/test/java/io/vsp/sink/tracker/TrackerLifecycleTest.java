package io.vsp.sink.tracker;

import static io.vsp.sink.tracker.Scene.id;
import static io.vsp.sink.tracker.Scene.person;
import static io.vsp.sink.tracker.Scene.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Detections.DetectedBox;
import io.vsp.common.wire.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When tracks start and end: confirmation, maxAge in capture time, stale frames, late frames, camera status. */
class TrackerLifecycleTest {
  private static final Detections.DetectedBox STILL = person(0.9, 0.30, 0.30, 0.40, 0.60);

  private static Detections.DetectedBox still(double score) {
    return person(score, 0.30, 0.30, 0.40, 0.60);
  }

  @Test
  void trackStartsAtMinHitsMatches() {
    Scene scene = new Scene(new SinkConfig.Tracker(0.3, Duration.ofSeconds(2), 3, 0.1, 0.25), SinkConfig.Clips.DEFAULTS,
        null);

    assertThat(scene.frame(0, STILL)).isEmpty();
    assertThat(scene.frame(1, STILL)).isEmpty();
    List<Event> third = scene.frame(2, STILL);

    assertThat(third).singleElement().satisfies(start -> {
      assertThat(start.type()).isEqualTo("start");
      assertThat(start.id()).isEqualTo(id(0));
      assertThat(start.track()).isEqualTo(1);
      assertThat(start.startTs()).isEqualTo(ts(0));
      assertThat(start.ts()).isEqualTo(ts(2));
      assertThat(start.snapshot()).isEqualTo("/snapshots/lobby-3-1000.jpg");
      assertThat(start.clip()).isEqualTo("/clips/lobby-3-1000.mp4");
      assertThat(start.endTs()).isNull();
      assertThat(start.path()).isNull();
    });
  }

  @Test
  void trackStartsOnlyOnceTheMedianOfItsScoresReachesMinScore() {
    Scene scene = Scene.defaults(); // minScore 0.5

    List<Event> events = new ArrayList<>();
    events.addAll(scene.frame(0, still(0.40)));
    events.addAll(scene.frame(1, still(0.45))); // 2 hits, median 0.425
    events.addAll(scene.frame(2, still(0.70))); // median 0.45
    assertThat(events).isEmpty();

    List<Event> fourth = scene.frame(3, still(0.80)); // median (0.45 + 0.70) / 2 = 0.575
    assertThat(fourth).singleElement().satisfies(start -> {
      assertThat(start.type()).isEqualTo("start");
      assertThat(start.id()).isEqualTo(id(0));
      assertThat(start.score()).isEqualTo(0.80);
      assertThat(start.topScore()).isEqualTo(0.80);
      assertThat(start.best().offset()).isEqualTo(Scene.OFFSET0 + 3);
      assertThat(start.startTs()).isEqualTo(ts(0));
    });
  }

  @Test
  void aCameraKeepsAtMostMaxTracksSoItsStateStaysBounded() {
    Scene scene = Scene.defaults();
    List<DetectedBox> crowd = new ArrayList<>();
    for (int row = 0; row < 10; row++) {
      for (int col = 0; col < 16; col++) { // 160 people, none overlapping another
        crowd.add(person(0.9, col * 0.06, row * 0.09, col * 0.06 + 0.04, row * 0.09 + 0.06));
      }
    }
    DetectedBox[] frame = crowd.toArray(DetectedBox[]::new);

    scene.frame(0, frame);
    assertThat(scene.state.tracks()).hasSize(Tracker.MAX_TRACKS);
    scene.frame(1, frame);
    assertThat(scene.state.tracks()).hasSize(Tracker.MAX_TRACKS);
    // the last ten people were never tracked: none of the tracks is at their place
    assertThat(scene.state.tracks()).noneMatch(t -> t.box()[1] >= 9 * 0.09 && t.box()[0] >= 6 * 0.06);
  }

  @Test
  void unconfirmedTrackVanishesSilentlyAfterMaxAge() {
    Scene scene = Scene.defaults();
    List<Event> events = new ArrayList<>();
    for (int n = 0; n < 5; n++) {
      events.addAll(scene.frame(n, still(0.3)));
    }
    events.addAll(scene.emptyFrames(5, 14)); // frame 14 is 2 s after frame 4

    assertThat(events).isEmpty();
    assertThat(scene.state.isEmpty()).isTrue();
  }

  @Test
  void confirmedTrackEndsLostWhenUnmatchedForMaxAgeOfCaptureTime() {
    Scene scene = Scene.defaults();
    for (int n = 0; n < 5; n++) {
      scene.frame(n, STILL);
    }

    assertThat(scene.emptyFrames(5, 13)).isEmpty(); // 1.8 s since the last match
    List<Event> end = scene.frame(14); // 2.0 s
    assertThat(end).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("end");
      assertThat(e.endReason()).isEqualTo("lost");
      assertThat(e.id()).isEqualTo(id(0));
      assertThat(e.startTs()).isEqualTo(ts(0));
      assertThat(e.endTs()).isEqualTo(ts(4));
      assertThat(e.ts()).isEqualTo(ts(14));
      assertThat(e.path()).hasSize(5);
    });
    assertThat(scene.state.isEmpty()).isTrue();
  }

  @Test
  void maxAgeIsJudgedByCaptureTimeNotByHowFastRecordsArrive() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL);

    // one record 1 h of capture time later, fed at once: the track is over
    List<Event> events = scene.frame(18_000, person(0.9, 0.30, 0.30, 0.40, 0.60));

    assertThat(events).extracting(Event::type, Event::endReason).containsExactly(
        tuple("end", "lost"));
    assertThat(scene.state.tracks()).hasSize(1); // the detection starts a new (unconfirmed) track
    assertThat(scene.state.tracks().get(0).id()).isEqualTo(id(18_000));
  }

  @Test
  void staleAndCorruptRecordsNeitherMatchNorAgeTracks() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL);
    var before = scene.stored();

    for (int n = 2; n < 30; n++) { // 5.6 s of frames the detector skipped
      String status = n % 2 == 0 ? Detections.STALE : Detections.CORRUPT;
      assertThat(scene.feed(Scene.record(n, status, List.of()))).isEmpty();
    }

    assertThat(scene.stored()).isEqualTo(before);
    assertThat(scene.frame(2, STILL)).isEmpty(); // still the same track: no end, no new start
    assertThat(scene.state.tracks()).singleElement().extracting(Track::hits).isEqualTo(3);
  }

  @Test
  void lateRecordJoinsItsTrackWithoutTurningTheCameraClockBack() {
    Scene scene = Scene.defaults();
    for (int n = 0; n < 5; n++) {
      scene.frame(n, STILL);
    }
    scene.frame(13); // 1.8 s after the last match
    long clock = scene.state.clock();

    assertThat(scene.frame(5, STILL)).isEmpty(); // a late frame (1.0 s) with the object: matched, no new track
    assertThat(scene.state.clock()).isEqualTo(clock);
    assertThat(scene.state.tracks()).singleElement().extracting(Track::hits).isEqualTo(6);

    assertThat(scene.frame(14)).isEmpty(); // 1.8 s after the late match
    assertThat(scene.frame(15)).singleElement().satisfies(end -> {
      assertThat(end.endReason()).isEqualTo("lost");
      assertThat(end.endTs()).isEqualTo(ts(5));
    });
  }

  @Test
  void cameraGoingOfflineEndsConfirmedTracksAndDropsUnconfirmedOnes() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL, person(0.9, 0.7, 0.1, 0.8, 0.3)); // the second object is seen once only

    List<Event> events = scene.status(CameraStatus.OFFLINE, "no data for 10s", 3);

    assertThat(events).singleElement().satisfies(end -> {
      assertThat(end.type()).isEqualTo("end");
      assertThat(end.endReason()).isEqualTo("offline");
      assertThat(end.id()).isEqualTo(id(0));
      assertThat(end.endTs()).isEqualTo(ts(1));
      assertThat(end.ts()).isEqualTo(ts(3));
    });
    assertThat(scene.state.isEmpty()).isTrue();
  }

  @Test
  void cameraStoppedForShutdownEndsTracksWithReasonShutdown() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL);

    assertThat(scene.status(CameraStatus.OFFLINE, "shutdown: ingest stopping", 2))
        .extracting(Event::endReason).containsExactly("shutdown");
  }

  @Test
  void disabledCameraEndsTracksAsOffline() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL);

    assertThat(scene.status(CameraStatus.DISABLED, "disabled in config", 2))
        .extracting(Event::endReason).containsExactly("offline");
  }

  @Test
  void onlineAndConnectingStatusLeaveTracksAlone() {
    Scene scene = Scene.defaults();
    scene.frame(0, STILL);
    scene.frame(1, STILL);
    var before = scene.stored();

    assertThat(scene.status(CameraStatus.CONNECTING, "", 2)).isEmpty();
    assertThat(scene.status(CameraStatus.ONLINE, "", 3)).isEmpty();
    assertThat(scene.stored()).isEqualTo(before);
  }

  @Test
  void recordOfAnotherCameraIsRefusedBeforeTheStateChanges() {
    Scene scene = Scene.defaults();
    Detections other = new Detections(1, "garage", "1", 0, Detections.PROCESSED, ts(0), 0,
        new Detections.Frame(0, 0, 640, 480), null, null, List.of(STILL));

    assertThatThrownBy(() -> scene.feed(other)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detections record of camera garage given to the tracks of camera lobby");
    assertThat(scene.state.clock()).isNull();
  }

  @Test
  void recordWithAnUnreadableTimestampIsRefused() {
    Scene scene = Scene.defaults();
    Detections bad = new Detections(1, "lobby", "1", 0, Detections.PROCESSED, "yesterday", 0,
        new Detections.Frame(0, 0, 640, 480), null, null, List.of(STILL));

    assertThatThrownBy(() -> scene.feed(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detections record has an unreadable ts \"yesterday\"");
    assertThat(scene.state.isEmpty()).isTrue();
  }

  @Test
  void processedRecordWithAMalformedObjectIsRefusedBeforeTheStateChanges() {
    Scene scene = Scene.defaults();
    Detections bad = Scene.detections(0, new Detections.DetectedBox("person", 0, 0.9, new double[] {0.1, 0.2}));

    assertThatThrownBy(() -> scene.feed(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("detections record seq 0 has an object without label or 4-number box");
    assertThat(scene.state.clock()).isNull();
  }
}
