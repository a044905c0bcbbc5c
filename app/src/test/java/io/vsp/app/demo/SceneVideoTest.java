package io.vsp.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.detector.synth.Palette;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated scene video, checked from the outside with the ffprobe and ffmpeg programs of the
 * bytedeco FFmpeg jar (the FFmpeg the ingest decodes with): container, codec, GOP, and pixels against
 * {@link Scene#boxAt}, the truth the end-to-end tests rely on.
 */
class SceneVideoTest {

  /** Per channel: H.264 at this bitrate and the YUV round trip stay well within this. */
  private static final int COLOUR_TOLERANCE = 40;
  /** Pixels this far inside a truth box have its colour, this far outside do not (even-pixel snap, codec blur). */
  private static final int EDGE_MARGIN = 4;
  private static final double[] CHECK_TIMES = {0.0, 2.6, 3.0, 4.48, 5.0, 7.0, 7.92, 9.0, 12.0, 15.96};

  @TempDir
  static Path dir;
  private static Path acceptance;

  @BeforeAll
  static void writeAcceptanceScene() {
    acceptance = SceneVideo.write(Scene.acceptance(), dir.resolve("acceptance.mp4"));
  }

  @Test
  void acceptanceVideoIsH264Yuv420pAtAConstant25FpsWithAKeyframeEvery25FramesExactly() throws IOException {
    JsonNode probe = ffprobe(acceptance, "-show_entries",
        "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,nb_frames,has_b_frames"
            + ":packet=pts,dts,flags");
    JsonNode stream = probe.path("streams").path(0);
    assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.path("pix_fmt").asText()).isEqualTo("yuv420p");
    assertThat(stream.path("width").asInt()).isEqualTo(1280);
    assertThat(stream.path("height").asInt()).isEqualTo(720);
    assertThat(stream.path("r_frame_rate").asText()).isEqualTo("25/1");
    assertThat(stream.path("avg_frame_rate").asText()).isEqualTo("25/1");
    assertThat(stream.path("has_b_frames").asInt()).isZero();
    assertThat(stream.path("nb_frames").asInt()).isEqualTo(500);

    List<Integer> keyframes = new ArrayList<>();
    List<Long> ptsSteps = new ArrayList<>();
    JsonNode packets = probe.path("packets");
    assertThat(packets).hasSize(500);
    for (int i = 0; i < packets.size(); i++) {
      JsonNode packet = packets.get(i);
      if (packet.path("flags").asText().startsWith("K")) {
        keyframes.add(i);
      }
      assertThat(packet.path("dts").asLong()).as("no B-frames: dts = pts").isEqualTo(packet.path("pts").asLong());
      if (i > 0) {
        ptsSteps.add(packet.path("pts").asLong() - packets.get(i - 1).path("pts").asLong());
      }
    }
    assertThat(keyframes).containsExactly(0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250, 275, 300, 325, 350,
        375, 400, 425, 450, 475);
    assertThat(ptsSteps).as("constant frame rate").containsOnly(ptsSteps.get(0));
  }

  @Test
  void moovComesBeforeMdatSoABrowserCanPlayBeforeTheWholeFileArrived() throws IOException {
    assertThat(topLevelBoxes(acceptance)).containsSubsequence("ftyp", "moov", "mdat");
    assertThat(topLevelBoxes(acceptance).indexOf("moov")).isLessThan(topLevelBoxes(acceptance).indexOf("mdat"));
  }

  @Test
  void everyVisibleObjectIsDrawnInItsColourExactlyWhereTheTruthSays() throws IOException {
    Scene scene = Scene.acceptance();
    List<int[]> frames = decodeRgb(acceptance, scene, CHECK_TIMES);
    int checkedBoxes = 0;
    for (int k = 0; k < CHECK_TIMES.length; k++) {
      RgbFrame frame = new RgbFrame(frames.get(k), scene.width(), scene.height());
      for (SceneObject object : scene.objects()) {
        double[] box = scene.boxAt(object, CHECK_TIMES[k]);
        if (box == null) {
          continue;
        }
        String at = object.label() + " at " + CHECK_TIMES[k] + " s";
        int x1 = (int) Math.round(box[0] * scene.width());
        int y1 = (int) Math.round(box[1] * scene.height());
        int x2 = (int) Math.round(box[2] * scene.width());
        int y2 = (int) Math.round(box[3] * scene.height());
        assertThat(frame.near((x1 + x2) / 2, (y1 + y2) / 2, object.rgb())).as(at + ", centre").isTrue();
        if (x2 - x1 > 2 * EDGE_MARGIN) {
          int cy = (y1 + y2) / 2;
          assertThat(frame.near(x1 + EDGE_MARGIN, cy, object.rgb())).as(at + ", inside left edge").isTrue();
          assertThat(frame.near(x2 - EDGE_MARGIN - 1, cy, object.rgb())).as(at + ", inside right edge").isTrue();
          assertThat(x1 < EDGE_MARGIN || !frame.near(x1 - EDGE_MARGIN - 1, cy, object.rgb())).as(at + ", left").isTrue();
          assertThat(x2 + EDGE_MARGIN >= scene.width() || !frame.near(x2 + EDGE_MARGIN, cy, object.rgb()))
              .as(at + ", right").isTrue();
        }
        checkedBoxes++;
      }
    }
    assertThat(checkedBoxes).as("boxes checked").isGreaterThanOrEqualTo(8);
  }

  @Test
  void backgroundIsGreyEverywhereAndFarFromEveryPaletteColour() throws IOException {
    Scene scene = Scene.acceptance();
    double[] times = {0.0, 9.0};
    List<int[]> frames = decodeRgb(acceptance, scene, times);
    for (int[] rgb : frames) {
      for (int i = 0; i < rgb.length; i += 97) { // every 97th pixel: spread over rows and columns
        int r = (rgb[i] >> 16) & 0xff;
        int g = (rgb[i] >> 8) & 0xff;
        int b = rgb[i] & 0xff;
        assertThat(Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b))).as("grey at pixel " + i).isLessThan(24);
        for (Palette.Entry colour : Palette.entries()) {
          assertThat(distance(rgb[i], colour.rgb())).as(colour.name() + " at pixel " + i).isGreaterThan(150);
        }
      }
    }
  }

  @Test
  void sameSceneGivesTheSameBytes() throws IOException {
    Scene small = new Scene(320, 240, 25, 2, 25, List.of(
        SceneObject.of("magenta", 0.2, 1.8, new double[] {-0.2, 0.2, 0, 0.6}, new double[] {1, 0.2, 1.2, 0.6})));

    byte[] first = Files.readAllBytes(SceneVideo.write(small, dir.resolve("a.mp4")));
    byte[] second = Files.readAllBytes(SceneVideo.write(small, dir.resolve("b.mp4")));

    assertThat(second).isEqualTo(first);
    assertThat(dir.resolve("a.mp4.part")).doesNotExist();
  }

  @Test
  void thirtySecondsOfDemoAt720pTakeSecondsNotMinutes() throws IOException {
    // CPU time of this thread (openh264 runs single-threaded in it): wall time depends on the neighbours
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    Path demo = SceneVideo.write(Scene.demo(), dir.resolve("demo.mp4"));
    double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;

    JsonNode stream = ffprobe(demo, "-show_entries", "stream=nb_frames,duration").path("streams").path(0);
    assertThat(stream.path("nb_frames").asInt()).isEqualTo(750);
    assertThat(stream.path("duration").asDouble()).isEqualTo(30.0);
    // about 3 s on one core of this machine
    assertThat(seconds).isLessThan(15);
  }

  private record RgbFrame(int[] rgb, int width, int height) {
    boolean near(int x, int y, int colour) {
      int px = rgb[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))];
      for (int shift = 0; shift <= 16; shift += 8) {
        if (Math.abs(((px >> shift) & 0xff) - ((colour >> shift) & 0xff)) > COLOUR_TOLERANCE) {
          return false;
        }
      }
      return true;
    }
  }

  private static double distance(int a, int b) {
    double sum = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      int d = ((a >> shift) & 0xff) - ((b >> shift) & 0xff);
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  /** The frames shown at {@code times}, decoded by ffmpeg to packed 0xRRGGBB. */
  private static List<int[]> decodeRgb(Path file, Scene scene, double[] times) throws IOException {
    String select = java.util.Arrays.stream(times)
        .mapToObj(t -> "eq(n\\," + Math.round(t * scene.fps()) + ")")
        .collect(Collectors.joining("+"));
    byte[] raw = run(ffmpeg(), "-v", "error", "-nostdin", "-i", file.toString(), "-vf", "select=" + select,
        "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
    int frameBytes = scene.width() * scene.height() * 3;
    assertThat(raw.length).as("decoded bytes").isEqualTo(frameBytes * times.length);
    List<int[]> frames = new ArrayList<>();
    for (int k = 0; k < times.length; k++) {
      int[] rgb = new int[scene.width() * scene.height()];
      for (int i = 0, o = k * frameBytes; i < rgb.length; i++, o += 3) {
        rgb[i] = ((raw[o] & 0xff) << 16) | ((raw[o + 1] & 0xff) << 8) | (raw[o + 2] & 0xff);
      }
      frames.add(rgb);
    }
    return frames;
  }

  /** Names of the file's top-level MP4 boxes in order. */
  private static List<String> topLevelBoxes(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> boxes = new ArrayList<>();
    long offset = 0;
    while (offset + 8 <= bytes.length) {
      int at = (int) offset;
      long size = ((bytes[at] & 0xffL) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
          | (bytes[at + 3] & 0xff);
      boxes.add(new String(bytes, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
      if (size == 1) {
        size = java.nio.ByteBuffer.wrap(bytes, at + 8, 8).getLong();
      }
      if (size < 8) {
        break;
      }
      offset += size;
    }
    return boxes;
  }

  private static JsonNode ffprobe(Path file, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(FfmpegPrograms.ffprobe().toString(), "-v", "error",
        "-of", "json"));
    command.addAll(List.of(args));
    command.add(file.toString());
    return new ObjectMapper().readTree(run(command.toArray(String[]::new)));
  }

  private static String ffmpeg() {
    return FfmpegPrograms.ffmpeg().toString();
  }

  private static byte[] run(String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LD_LIBRARY_PATH", Path.of(command[0]).getParent().toString());
    Process process = builder.start();
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command[0] + " did not finish within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
          + new String(stderr.join()));
    }
    return out.toByteArray();
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
