package io.vsp.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test RTSP server as FFmpeg (the ingest's client library) sees it. */
class RtspServerTest {

  private static final String USER = "admin";
  private static final String PASSWORD = "p@ss:w/rd";
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);

  private static RtspServer server;

  @BeforeAll
  static void startServer() {
    server = RtspServer.builder()
        .mount("/main", "h264:1280x720@25:gop=25")
        .mount("/hevc", "h265:640x360@25:gop=10")
        .digestAuth(USER, PASSWORD)
        .start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void h264MountServesTheAskedSizeAt25FpsWithAKeyframeEveryGopFrames() {
    StreamProbe.Result probe = read(server.url("/main"), USER, PASSWORD, Duration.ofMillis(2500));

    assertThat(probe.ok()).as(probe.errors()).isTrue();
    assertThat(probe.codec()).isEqualTo("h264");
    assertThat(probe.width()).isEqualTo(1280);
    assertThat(probe.height()).isEqualTo(720);
    assertThat(probe.keyframeIntervals()).isNotEmpty().containsOnly(25);
    assertThat(probe.frameSteps()).isNotEmpty().allSatisfy(step -> assertThat(step).isCloseTo(0.04, within(0.002)));
  }

  @Test
  void h265MountServesTheAskedSizeAt25FpsWithAKeyframeEveryGopFrames() {
    StreamProbe.Result probe = read(server.url("/hevc"), USER, PASSWORD, Duration.ofMillis(1500));

    assertThat(probe.ok()).as(probe.errors()).isTrue();
    assertThat(probe.codec()).isEqualTo("hevc");
    assertThat(probe.width()).isEqualTo(640);
    assertThat(probe.height()).isEqualTo(360);
    assertThat(probe.keyframeIntervals()).hasSizeGreaterThanOrEqualTo(2).containsOnly(10);
    assertThat(probe.frameSteps()).isNotEmpty().allSatisfy(step -> assertThat(step).isCloseTo(0.04, within(0.002)));
  }

  @Test
  void digestAuthRefusesMissingOrWrongPasswordAndAcceptsTheRightOne() {
    StreamProbe.Result anonymous = StreamProbe.read(server.url("/main"), Duration.ofMillis(200), SOCKET_TIMEOUT);
    StreamProbe.Result wrong = read(server.url("/main"), USER, "p@ss:w/rD", Duration.ofMillis(200));
    StreamProbe.Result right = read(server.url("/main"), USER, PASSWORD, Duration.ofMillis(200));

    assertThat(anonymous.ok()).isFalse();
    assertThat(anonymous.errors()).contains("401 Unauthorized");
    assertThat(wrong.ok()).isFalse();
    assertThat(wrong.errors()).contains("401 Unauthorized");
    assertThat(right.ok()).as(right.errors()).isTrue();
    assertThat(right.frames()).isNotEmpty();
  }

  @Test
  void urlHasNoCredentials() {
    assertThat(server.url("/main")).isEqualTo("rtsp://127.0.0.1:" + server.port() + "/main");
  }

  @Test
  void stoppedServerRefusesAndServesAgainOnTheSamePortAfterStart() {
    try (RtspServer open = RtspServer.builder().mount("/sub", "h264:320x240@25").start()) {
      String url = open.url("/sub");
      assertThat(StreamProbe.read(url, Duration.ofMillis(200), SOCKET_TIMEOUT).ok()).isTrue();

      open.stop();
      assertThat(open.isRunning()).isFalse();
      StreamProbe.Result refused = StreamProbe.read(url, Duration.ofMillis(200), SOCKET_TIMEOUT);
      assertThat(refused.ok()).isFalse();
      assertThat(refused.errors()).contains("Connection refused");

      open.start();
      assertThat(open.url("/sub")).isEqualTo(url);
      StreamProbe.Result again = StreamProbe.read(url, Duration.ofMillis(200), SOCKET_TIMEOUT);
      assertThat(again.ok()).as(again.errors()).isTrue();
      assertThat(again.width()).isEqualTo(320);
    }
  }

  @Test
  void frozenServerAnswersNothingUntilThawed() {
    try (RtspServer open = RtspServer.builder().mount("/sub", "h264:320x240@25").start()) {
      String url = open.url("/sub");

      open.freeze();
      StreamProbe.Result frozen = StreamProbe.read(url, Duration.ofMillis(200), Duration.ofSeconds(2));
      assertThat(frozen.ok()).isFalse();

      open.thaw();
      StreamProbe.Result thawed = StreamProbe.read(url, Duration.ofMillis(200), SOCKET_TIMEOUT);
      assertThat(thawed.ok()).as(thawed.errors()).isTrue();
    }
  }

  private static StreamProbe.Result read(String url, String user, String password, Duration duration) {
    return StreamProbe.read(StreamProbe.withCredentials(url, user, password), duration, SOCKET_TIMEOUT);
  }
}
