package io.vsp.ingest.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.junit.jupiter.api.Test;

class PacerTest {
  private static final AVRational MPEG_CLOCK = new AVRational().num(1).den(90_000);

  @Test
  void aLoopedFileContinuesOneFrameAfterItsLastPacket() {
    Pacer pacer = new Pacer(MPEG_CLOCK, 1000); // 1000 fps: 90 ticks a frame, so the test waits 3 ms in all
    List<Long> played = new ArrayList<>();
    for (int loop = 0; loop < 2; loop++) {
      for (long raw : new long[] {0, 90, 180}) {
        played.add(play(pacer, raw));
      }
      pacer.loop();
    }
    assertThat(played).containsExactly(0L, 90L, 180L, 270L, 360L, 450L);
  }

  @Test
  void aFileNotStartingAtZeroLoopsToItsOwnStart() {
    Pacer pacer = new Pacer(MPEG_CLOCK, 1000);
    assertThat(play(pacer, 9_000)).isEqualTo(9_000);
    assertThat(play(pacer, 9_090)).isEqualTo(9_090);
    pacer.loop();
    assertThat(play(pacer, 9_000)).isEqualTo(9_180);
  }

  @Test
  void aStopRequestEndsTheWait() {
    Pacer pacer = new Pacer(MPEG_CLOCK, 25);
    play(pacer, 0);
    AVPacket packet = av_packet_alloc();
    try {
      packet.pts(90_000L * 3600).dts(90_000L * 3600); // due in an hour
      assertThat(pacer.await(packet, () -> true)).isFalse();
    } finally {
      av_packet_free(packet);
    }
  }

  private static long play(Pacer pacer, long raw) {
    AVPacket packet = av_packet_alloc();
    try {
      packet.pts(raw).dts(raw);
      assertThat(pacer.await(packet, () -> false)).isTrue();
      assertThat(packet.dts()).isEqualTo(packet.pts());
      return packet.pts();
    } finally {
      av_packet_free(packet);
    }
  }
}
