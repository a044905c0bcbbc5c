package io.vsp.sink.tracker;

import static io.vsp.sink.tracker.Scene.object;
import static io.vsp.sink.tracker.Scene.person;
import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tracker is a function of its input: a replay into a fresh state, a run through the store (saved and
 * loaded at every record), or a restart from the store's entries at any record, sends the same events (what
 * exactly-once processing and changelog restores rely on).
 */
class TrackerReplayTest {

  /** A busy minute of a camera: crossing, fast, late, low-score and stale input, then an offline camera. */
  private static List<Object> input() {
    List<Object> input = new ArrayList<>();
    for (int n = 0; n < 40; n++) {
      List<Detections.DetectedBox> objects = new ArrayList<>();
      if (n < 14) {
        double a = 0.10 + n * 0.05;
        double b = 0.80 - n * 0.05;
        // every fifth frame in the low band: matched in the second pass
        objects.add(person(n % 5 == 4 ? 0.15 : 0.7 + (n % 3) * 0.1, a, 0.40, a + 0.1, 0.60));
        objects.add(person(0.8, b, 0.45, b + 0.1, 0.65));
      }
      if (n >= 15 && n < 19) {
        objects.add(object("cat", 0.12, 0.1, 0.8, 0.2, 0.9)); // low-scoring clutter: starts no track
      }
      if (n >= 5 && n < 12) {
        double x = 0.02 + (n - 5) * 0.12;
        objects.add(object("car", 0.9, x, 0.70, x + 0.1, 0.78));
      }
      if (n >= 20) {
        objects.add(object("dog", n % 2 == 0 ? 0.3 : 0.6, 0.45, 0.1, 0.55, 0.2));
      }
      String status = n % 9 == 8 ? Detections.STALE : Detections.PROCESSED;
      input.add(Scene.record(n, status, status.equals(Detections.PROCESSED) ? objects : List.of()));
      if (n == 30) {
        input.add(Scene.detections(29, object("dog", 0.9, 0.45, 0.1, 0.55, 0.2))); // late: repeats no frame
      }
    }
    input.add(new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE, Scene.ts(41), "no data for 10s", "w1"));
    return input;
  }

  private static List<Event> apply(Scene scene, Object record) {
    return record instanceof Detections detections ? scene.feed(detections) : scene.status((CameraStatus) record);
  }

  private static List<String> run(Scene scene, List<Object> input) {
    List<String> events = new ArrayList<>();
    for (Object record : input) {
      apply(scene, record).forEach(event -> events.add(new String(Json.write(event))));
    }
    return events;
  }

  @Test
  void replayIntoAFreshStateSendsIdenticalEvents() {
    List<String> first = run(Scene.defaults(), input());
    List<String> second = run(Scene.defaults(), input());

    assertThat(first).hasSizeGreaterThan(6).isEqualTo(second);
    assertThat(first).anyMatch(json -> json.contains("\"endReason\":\"offline\""));
  }

  /** The processor's way (encodings kept with each track between saves) against a state read back every time. */
  @Test
  void aStateKeptDecodedWritesAndSendsWhatAStateReadBackDoes() {
    Scene readBack = Scene.defaults();
    Scene kept = Scene.defaults().keptDecoded();
    int n = 0;
    boolean sealed = false;
    for (Object record : input()) {
      assertThat(apply(kept, record).stream().map(e -> new String(Json.write(e))).toList()).as("events of record %d", n)
          .isEqualTo(apply(readBack, record).stream().map(e -> new String(Json.write(e))).toList());
      assertThat(kept.stored()).as("entries after record %d", n++).isEqualTo(readBack.stored());
      sealed |= kept.entries.keySet().stream().anyMatch(key -> key.contains("|p"));
    }
    assertThat(sealed).as("a path entry was sealed on the way (the dog's)").isTrue();
  }

  @Test
  void aRunThroughTheStoreSendsWhatARunInMemorySends() {
    assertThat(run(Scene.defaults(), input())).isEqualTo(run(Scene.defaults().inMemory(), input()));
  }

  @Test
  void stateRestoredFromTheStoreAtAnyRecordSendsTheSameFollowingEvents() {
    List<Object> input = input();
    List<List<String>> uninterrupted = new ArrayList<>();
    Scene reference = Scene.defaults().inMemory();
    for (Object record : input) {
      uninterrupted.add(apply(reference, record).stream().map(e -> new String(Json.write(e))).toList());
    }

    for (int cut = 1; cut < input.size(); cut++) {
      Scene before = Scene.defaults();
      input.subList(0, cut).forEach(record -> apply(before, record));
      Scene scene = Scene.defaults(); // a new task restoring the changelog: the entries and nothing else
      scene.entries.putAll(before.entries);
      scene.state = scene.store.load(Scene.CAMERA);
      scene.store.save(scene.state);
      assertThat(scene.stored()).as("a load and save without input changes nothing").isEqualTo(before.stored());

      for (int i = cut; i < input.size(); i++) {
        List<String> events = apply(scene, input.get(i)).stream().map(e -> new String(Json.write(e))).toList();
        assertThat(events).as("events of record %d after a restore at record %d", i, cut)
            .isEqualTo(uninterrupted.get(i));
      }
    }
  }

  @Test
  void idsNameTheFramesRecordOfTheTracksFirstDetection() {
    List<String> ids = new ArrayList<>();
    Scene scene = Scene.defaults();
    for (Object record : input()) {
      apply(scene, record).stream().filter(e -> e.type().equals("start")).forEach(e -> ids.add(e.id()));
    }

    // the two crossing people share frame 0, the second with the suffix; the car is first seen in frame 5
    assertThat(ids).startsWith(Scene.id(0), Scene.id(0) + ".1", Scene.id(5));
  }

  @Test
  void anEmptyStateIsOneSmallHeader() {
    Scene scene = Scene.defaults();
    scene.frame(0);

    assertThat(scene.entries).containsOnlyKeys(Scene.CAMERA);
    assertThat(scene.entries.get(Scene.CAMERA)).hasSizeLessThan(16);
    assertThat(scene.state.isEmpty()).isTrue();
    assertThat(scene.state.clock()).isNotNull();
  }
}
