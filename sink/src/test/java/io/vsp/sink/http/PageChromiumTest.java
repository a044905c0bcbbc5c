package io.vsp.sink.http;

import static io.vsp.sink.http.TestEvents.clip;
import static io.vsp.sink.http.TestEvents.end;
import static io.vsp.sink.http.TestEvents.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.common.testkit.HeadlessChromium;
import io.vsp.sink.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser: the events are listed, and a clip from the store plays in place and shows what
 * was drawn in it (a red box on grey, encoded as the clipper does: H.264 yuv420p MP4 with faststart). The
 * browser gets in with the token cookie, as a user would after opening {@code /?token=}.
 */
class PageChromiumTest {
  private static final String TOKEN = "page-test-token";
  private static final Instant T0 = Instant.parse("2026-11-27T18:00:00Z");
  private static final String WITH_CLIP = "lobby-3-100";
  private static final String WITHOUT_CLIP = "garage-0-7";
  // the clip: 320x240 grey with a red box from (80,60) to (239,179)
  private static final int BOX_X = 80;
  private static final int BOX_Y = 60;

  @TempDir
  static Path dir;

  private static SinkHttpServer server;
  private static HeadlessChromium browser;

  @BeforeAll
  static void startServerAndBrowser() throws Exception {
    Store store = new Store(dir.resolve("store"));
    Path clip = store.clipFile(WITH_CLIP, T0);
    Files.createDirectories(clip.getParent());
    ffmpeg(List.of("-f", "lavfi", "-i", "color=c=gray:s=320x240:r=10:d=3", "-vf",
        "drawbox=x=" + BOX_X + ":y=" + BOX_Y + ":w=160:h=120:color=red:t=fill", "-c:v", "libopenh264", "-b:v", "1M",
        "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", clip.toString()));
    Path snapshot = store.snapshotFile(WITH_CLIP, T0);
    Files.createDirectories(snapshot.getParent());
    ffmpeg(List.of("-f", "lavfi", "-i", "color=c=gray:s=320x240:d=1", "-frames:v", "1", snapshot.toString()));

    EventIndex index = new EventIndex();
    index.accept(end(WITH_CLIP, "person", T0, Duration.ofSeconds(3)));
    index.accept(clip(WITH_CLIP, T0, Files.size(clip)));
    index.accept(start(WITHOUT_CLIP, "car", T0.plusSeconds(60)));
    server = SinkHttpServer.start(new SinkConfig.Http("127.0.0.1", 0, TOKEN), store, index);
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void thePageListsTheEventsAndPlaysTheClipInPlace() {
    browser.open("http://127.0.0.1:" + server.port() + "/?token=" + TOKEN);

    await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(browser.evaluate(
        "Array.from(document.querySelectorAll('[data-event-id]')).map(e => e.dataset.eventId)"))
        .isEqualTo(List.of(WITHOUT_CLIP, WITH_CLIP)));
    assertThat(browser.evaluate("location.pathname + location.search")).isEqualTo("/");
    assertThat(browser.evaluate("document.querySelector('[data-event-id=\"" + WITH_CLIP + "\"]').textContent"))
        .asString().contains("person", "lobby", "track 17", "door", "90%");
    assertThat(browser.evaluate("document.querySelectorAll('[data-event-id=\"" + WITHOUT_CLIP + "\"] video').length"))
        .isEqualTo(0);
    assertThat(browser.evaluate("(() => { const v = document.querySelector('video[data-clip-id=\"" + WITH_CLIP
        + "\"]'); return [v.getAttribute('src'), v.controls, v.muted, v.preload, v.hasAttribute('playsinline')]; })()"))
        .isEqualTo(List.of("/clips/" + WITH_CLIP + ".mp4", true, true, "metadata", true));

    @SuppressWarnings("unchecked")
    Map<String, Object> video = (Map<String, Object>) browser.evaluate(playAndReadPixels(), Duration.ofSeconds(40));

    assertThat(video.get("readyState")).isEqualTo(4);
    assertThat(video.get("size")).isEqualTo(List.of(320, 240));
    assertThat(rgb(video.get("insideEdge"))).as("just inside the box edge").satisfies(c -> near(c, 255, 0, 0));
    assertThat(rgb(video.get("outsideEdge"))).as("just outside the box edge").satisfies(c -> near(c, 128, 128, 128));
    assertThat(browser.evaluate("new Promise(resolve => { const img = document.querySelector("
        + "'[data-event-id=\"" + WITH_CLIP + "\"] img.thumb'); const done = () => resolve(img.naturalWidth); "
        + "if (img.complete) { done(); } else { img.addEventListener('load', done); img.addEventListener('error', done); } })"))
        .as("the snapshot thumbnail").isEqualTo(320);
  }

  /**
   * Plays the clip until it can play through (readyState 4) and a frame is painted, pauses, draws it on a
   * canvas and reads two pixels.
   */
  private static String playAndReadPixels() {
    return """
        (async () => {
          const v = document.querySelector('video[data-clip-id="%s"]');
          await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('video readyState ' + v.readyState + ' after 30 s')), 30000);
            const check = () => { if (v.readyState >= 4) { clearTimeout(timer); resolve(); } };
            ['loadeddata', 'canplay', 'canplaythrough', 'playing', 'timeupdate'].forEach(e => v.addEventListener(e, check));
            v.addEventListener('error', () => { clearTimeout(timer); reject(new Error('video error ' + v.error.code + ' ' + v.error.message)); });
            v.play().catch(e => { clearTimeout(timer); reject(e); });
            check();
          });
          const readyState = v.readyState;
          // readyState 4 says data is there, not that a frame was painted: wait for one on screen
          await new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('no video frame painted after 10 s')), 10000);
            v.requestVideoFrameCallback(() => { clearTimeout(timer); resolve(); });
          });
          v.pause();
          const canvas = document.createElement('canvas');
          canvas.width = v.videoWidth;
          canvas.height = v.videoHeight;
          const g = canvas.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0);
          const pixel = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data.slice(0, 3));
          return { readyState, size: [v.videoWidth, v.videoHeight],
                   insideEdge: pixel(%d, %d), outsideEdge: pixel(%d, %d) };
        })()
        """.formatted(WITH_CLIP, BOX_X + 2, BOX_Y + 2, BOX_X - 3, BOX_Y - 3);
  }

  @SuppressWarnings("unchecked")
  private static int[] rgb(Object value) {
    return ((List<Number>) value).stream().mapToInt(Number::intValue).toArray();
  }

  private static void near(int[] rgb, int r, int g, int b) {
    int[] want = {r, g, b};
    for (int i = 0; i < 3; i++) {
      assertThat(rgb[i]).as("channel %d of %s", i, Arrays.toString(rgb)).isBetween(want[i] - 40, want[i] + 40);
    }
  }

  /** Runs the ffmpeg program of the bytedeco jar; fails with its output when it fails. */
  private static void ffmpeg(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(FfmpegPrograms.ffmpeg().toString(), "-hide_banner", "-loglevel", "error", "-y"));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("ffmpeg " + args + " failed: " + output);
    }
  }
}
