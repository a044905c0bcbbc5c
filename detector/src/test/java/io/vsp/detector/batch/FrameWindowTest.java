package io.vsp.detector.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FrameWindowTest {
  private static final TopicPartition P0 = new TopicPartition("vsp.frames", 0);
  private static final TopicPartition P1 = new TopicPartition("vsp.frames", 1);
  private final FrameWindow window = new FrameWindow(1_000, 2_000, Set.of("lobby", "door"), Map.of(P0, 50L, P1, 7L));

  @Test
  void admitsFramesOfItsCamerasCapturedFromFromUntilBeforeTo() {
    assertThat(window.admits(frame("lobby", 1_000))).isTrue();
    assertThat(window.admits(frame("door", 1_999))).isTrue();
    assertThat(window.admits(frame("lobby", 999))).isFalse();
    assertThat(window.admits(frame("lobby", 2_000))).isFalse();
    assertThat(window.admits(frame("yard", 1_500))).isFalse();
    assertThat(new FrameWindow(1_000, 2_000, Set.of(), Map.of()).admits(frame("yard", 1_500))).isTrue();
  }

  @Test
  void offsetsFromTheStopOnAreBeyondAndAnUnknownPartitionHasNothingToRead() {
    assertThat(window.beyond(P0, 49)).isFalse();
    assertThat(window.beyond(P0, 50)).isTrue();
    assertThat(window.beyond(new TopicPartition("vsp.frames", 2), 0)).isTrue();
  }

  @Test
  void windowReadBackFromTheCommittedMetadataIsTheSame() {
    assertThat(window.commitMetadata(P1)).isEqualTo("vsp-replay v1 from=1000 to=2000 stop=7 cameras=door,lobby");
    assertThat(FrameWindow.fromCommitted(Map.of(P0, window.commitMetadata(P0), P1, window.commitMetadata(P1))))
        .isEqualTo(window);
  }

  @Test
  void offsetsWithoutAWindowGiveNoneAndDisagreeingOnesAreRefused() {
    assertThat(FrameWindow.fromCommitted(Map.of(P0, ""))).isNull();
    FrameWindow other = new FrameWindow(1_000, 3_000, Set.of(), Map.of(P1, 7L));
    assertThatThrownBy(() -> FrameWindow.fromCommitted(Map.of(P0, window.commitMetadata(P0), P1,
        other.commitMetadata(P1)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("partitions committed different replay windows");
  }

  private static FrameRecord frame(String camera, long captureUs) {
    return new FrameRecord(camera, "1", 0, 0, captureUs, P0, 0, 640, 360, new byte[0], 0, null, true);
  }
}
