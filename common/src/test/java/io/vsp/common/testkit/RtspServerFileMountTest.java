package io.vsp.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** File mounts ({@code file:/abs/path.mp4[:loop]}) of the test RTSP server, as FFmpeg sees them. */
class RtspServerFileMountTest {

  private static final int FILE_FRAMES = 50; // 2 s at 25 fps
  private static final int FILE_GOP = 10;
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);

  private static Path mp4;
  private static RtspServer server;

  @BeforeAll
  static void startServer() {
    mp4 = TestFiles.tempDir("vsp-rtsp-file-").resolve("clip.mp4");
    writeMp4(mp4);
    server = RtspServer.builder()
        .mountFile("/once", mp4, false)
        .mountFile("/loop", mp4, true)
        .mount("/live", "h264:320x240@25:gop=25")
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void fileMountPlaysEveryFrameOfTheFileOnceInRealTimeWithItsGop() {
    long start = System.nanoTime();
    StreamProbe.Result probe = StreamProbe.read(server.url("/once"), Duration.ofSeconds(10), SOCKET_TIMEOUT);
    double elapsed = (System.nanoTime() - start) / 1e9;

    assertThat(probe.ok()).as(probe.errors()).isTrue();
    assertThat(probe.codec()).isEqualTo("h264");
    assertThat(probe.width()).isEqualTo(320);
    assertThat(probe.height()).isEqualTo(240);
    assertThat(probe.frames()).hasSize(FILE_FRAMES);
    assertThat(probe.keyframeIntervals()).hasSize(FILE_FRAMES / FILE_GOP - 1).containsOnly(FILE_GOP);
    assertThat(probe.frameSteps()).isNotEmpty().allSatisfy(step -> assertThat(step).isCloseTo(0.04, within(0.002)));
    // paced by the clock, not read as fast as the disk allows: 2 s of video take about 2 s
    assertThat(elapsed).isGreaterThan(1.5);
  }

  @Test
  void loopingFileMountStartsOverAtTheEndWithTimestampsRunningOn() {
    StreamProbe.Result probe = StreamProbe.read(server.url("/loop"), Duration.ofMillis(4500), SOCKET_TIMEOUT);

    assertThat(probe.ok()).as(probe.errors()).isTrue();
    assertThat(probe.frames()).hasSizeGreaterThan(2 * FILE_FRAMES);
    assertThat(probe.keyframeIntervals()).hasSizeGreaterThanOrEqualTo(9).containsOnly(FILE_GOP);
    assertThat(probe.frameSteps()).hasSizeGreaterThan(2 * FILE_FRAMES)
        .allSatisfy(step -> assertThat(step).isCloseTo(0.04, within(0.002)));
  }

  @Test
  void generatedMountsStillWorkNextToFileMounts() {
    StreamProbe.Result probe = StreamProbe.read(server.url("/live"), Duration.ofMillis(1500), SOCKET_TIMEOUT);

    assertThat(probe.ok()).as(probe.errors()).isTrue();
    assertThat(probe.width()).isEqualTo(320);
    assertThat(probe.keyframeIntervals()).isNotEmpty().containsOnly(25);
  }

  @Test
  void fileMountNeedsAnAbsolutePathToAnExistingFile() {
    assertThatThrownBy(() -> RtspServer.builder().mountFile("/x", Path.of("clip.mp4"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file mount needs an absolute path to an existing file: clip.mp4");
    assertThatThrownBy(() -> RtspServer.builder().mountFile("/x", mp4.resolveSibling("missing.mp4"), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file mount needs an absolute path to an existing file: " + mp4.resolveSibling("missing.mp4"));
  }

  @Test
  void serverWithAnUnreadableFileFailsToStartAndSaysWhy() {
    Path notVideo = mp4.resolveSibling("not-video.mp4");
    TestFiles.write(notVideo, "this is no MP4\n");

    assertThatThrownBy(() -> RtspServer.builder().mountFile("/bad", notVideo, false).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot read the H.264 track of '" + notVideo + "'");
  }

  /** 2 s of GStreamer's test pattern, 320x240 at 25 fps, H.264 with a keyframe every 10 frames. */
  private static void writeMp4(Path file) {
    GstLaunch.run("videotestsrc", "num-buffers=" + FILE_FRAMES, "pattern=ball", "!",
        "video/x-raw,width=320,height=240,framerate=25/1,format=I420", "!", "x264enc", "key-int-max=" + FILE_GOP,
        "option-string=scenecut=0", "speed-preset=ultrafast", "threads=1", "!", "video/x-h264,profile=baseline", "!",
        "mp4mux", "!", "filesink", "location=" + file);
  }

}
