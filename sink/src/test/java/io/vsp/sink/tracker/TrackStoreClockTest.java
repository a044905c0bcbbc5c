package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.wire.Json;
import org.junit.jupiter.api.Test;

/**
 * The header is not rewritten for a frame whose time a live track's last time already carries, and every
 * load still gives the live camera clock.
 */
class TrackStoreClockTest {
  @Test
  void matchedFramesLeaveTheHeaderAloneAndTheClockIsStillRight() {
    Scene scene = Scene.defaults();
    scene.frame(0, Scene.person(0.9, 0.1, 0.1, 0.2, 0.4));
    scene.frame(1, Scene.person(0.9, 0.1, 0.1, 0.2, 0.4));
    byte[] header = scene.entries.get(Scene.CAMERA);

    for (int n = 2; n <= 6; n++) {
      scene.frame(n, Scene.person(0.9, 0.1 + 0.002 * n, 0.1, 0.2 + 0.002 * n, 0.4));
      assertThat(scene.entries.get(Scene.CAMERA)).as("header after matched frame %d", n).isSameAs(header);
      assertThat(scene.state.clock()).isEqualTo(Json.parseMicros(Scene.ts(n)));
    }

    scene.frame(7); // nothing seen: only the header can carry the clock
    assertThat(scene.entries.get(Scene.CAMERA)).isNotEqualTo(header);
    assertThat(scene.state.clock()).isEqualTo(Json.parseMicros(Scene.ts(7)));
    TrackStore restored = new TrackStore(StateEntries.of(scene.entries), (camera, e) -> {
      throw new AssertionError(e);
    });
    assertThat(restored.load(Scene.CAMERA).clock()).isEqualTo(Json.parseMicros(Scene.ts(7)));
  }
}
