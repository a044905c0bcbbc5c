package io.vsp.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Event ids (SPEC §5): camera, partition, offset, and a suffix for the second and later objects of a frame. */
class EventIdTest {

  @Test
  void theFirstObjectOfAFrameKeepsTheFramesIdAndTheOthersAddTheirPlace() {
    assertThat(Event.id("lobby", 3, 98765, 0)).isEqualTo("lobby-3-98765").isEqualTo(Event.id("lobby", 3, 98765));
    assertThat(Event.id("lobby", 3, 98765, 1)).isEqualTo("lobby-3-98765.1");
    assertThat(Event.id("front-door_2", 0, 7, 149)).isEqualTo("front-door_2-0-7.149");
    assertThatThrownBy(() -> Event.id("lobby", 3, 1, -1)).hasMessage("object index -1 is negative");
  }

  @Test
  void cameraOfReadsIdsWithAndWithoutSuffix() {
    assertThat(Event.cameraOf("lobby-3-98765")).isEqualTo("lobby"); // written before the suffix existed
    assertThat(Event.cameraOf("lobby-3-98765.2")).isEqualTo("lobby");
    assertThat(Event.cameraOf("front-door-12-0-7.10")).isEqualTo("front-door-12");
    assertThat(Event.cameraOf(Event.id("a-1", 2, 3, 4))).isEqualTo("a-1");
  }

  @Test
  void cameraOfRejectsWhatNoTrackerWrites() {
    for (String bad : new String[] {"", "lobby", "lobby-3", "lobby-3-", "-3-4", "lobby-3-4.", "lobby-3-4.0",
        "lobby-3-4.01", "lobby-3-4.1.2", "lobby-3-4.x", "lobby-3-4.1234567890", "lobby-3.1-4", ".1",
        "lobby-3-4.original"}) {
      assertThat(Event.cameraOf(bad)).as("'%s'", bad).isNull();
    }
  }
}
