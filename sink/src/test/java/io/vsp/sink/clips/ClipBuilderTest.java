package io.vsp.sink.clips;

import static io.vsp.sink.clips.ClipBuilder.FROM_FIRST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.testkit.GstLaunch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipBuilderTest {
  /** How far a box pixel may drift from its colour after H.264 at 0.1 bit/pixel and 4:2:0. */
  static final int TOLERANCE = 48;

  @TempDir
  Path dir;

  private final ClipBuilder builder = new ClipBuilder();

  @Test
  void buildsBrowserPlayableH264Mp4AtTheSourceFrameRate() throws Exception {
    TestVideo video = TestVideo.moving(1280, 720, 50);
    List<VideoUnit> units = video.units("s1", 7_000_000, 0);
    Path target = dir.resolve("clip.mp4");

    ClipResult result = builder.build(units, FROM_FIRST, new Annotation("person", 17, video.path(0, 49)), target);

    JsonNode stream = Mp4Check.probe(target);
    assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.path("pix_fmt").asText()).isEqualTo("yuv420p");
    assertThat(stream.path("r_frame_rate").asText()).isEqualTo("25/1");
    assertThat(stream.path("avg_frame_rate").asText()).isEqualTo("25/1");
    assertThat(stream.path("nb_read_frames").asInt()).isEqualTo(50);
    assertThat(stream.path("duration").asDouble()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    List<String> boxes = Mp4Check.topLevelBoxes(target);
    assertThat(boxes).contains("moov", "mdat");
    assertThat(boxes.indexOf("moov")).as("faststart: moov before mdat in %s", boxes).isLessThan(boxes.indexOf("mdat"));
    assertThat(result).isEqualTo(new ClipResult(50, 25.0, 1280, 720, TestVideo.tsUs(0), TestVideo.tsUs(49),
        Files.size(target), sha256(target), 0));
  }

  @Test
  void framesBeforeTheClipsStartLeadTheDecoderUpButAreNotWritten() throws Exception {
    TestVideo video = TestVideo.moving(640, 360, 50); // keyframes at 0 and 25
    Path target = dir.resolve("clip.mp4");

    ClipResult result = builder.build(video.units("s1", 0, 0), TestVideo.tsUs(10),
        new Annotation("person", 17, video.path(0, 45)), target);

    assertThat(result.frames()).isEqualTo(40);
    assertThat(result.firstTsUs()).isEqualTo(TestVideo.tsUs(10));
    assertThat(result.damagedUnits()).isZero();
    int[] colour = BoxStyle.rgb("person");
    int decoded = Mp4Check.decode(target, (i, frame) ->
        assertBoxEdges(frame, video.box(Math.min(i + 10, 45)), colour, "clip frame " + i));
    assertThat(decoded).isEqualTo(40);
  }

  @Test
  void drawsTheInterpolatedBoxOnEveryFrameIncludingThoseBetweenDetections() throws Exception {
    TestVideo video = TestVideo.moving(1280, 720, 50);
    Path target = dir.resolve("clip.mp4");
    // the detector saw frames 0, 5, 10, ..., 45: nine frames in ten lie between two path points
    builder.build(video.units("s1", 0, 0), FROM_FIRST, new Annotation("person", 17, video.path(0, 45)), target);

    int[] colour = BoxStyle.rgb("person");
    int decoded = Mp4Check.decode(target, (i, frame) -> {
      double[] b = video.box(Math.min(i, 45)); // after the last point the box holds there
      assertBoxEdges(frame, b, colour, "frame " + i);
    });
    assertThat(decoded).isEqualTo(50);
  }

  @Test
  void smallFramesGetTheBoxToo() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 25);
    Path target = dir.resolve("small.mp4");
    ClipResult result = builder.build(video.units("s1", 0, 0), FROM_FIRST, new Annotation("car", 3, video.path(0, 20)),
        target);

    assertThat(result.width()).isEqualTo(320);
    assertThat(result.frames()).isEqualTo(25);
    int[] colour = BoxStyle.rgb("car");
    Mp4Check.decode(target, (i, frame) -> assertBoxEdges(frame, video.box(Math.min(i, 20)), colour, "frame " + i));
  }

  @Test
  void boxIsHeldAtMostOneSecondPastTheLastDetection() throws Exception {
    TestVideo video = TestVideo.moving(640, 360, 75); // 3 s
    Path target = dir.resolve("clip.mp4");
    builder.build(video.units("s1", 0, 0), FROM_FIRST, new Annotation("person", 1, video.path(0, 10)), target);

    int[] colour = BoxStyle.rgb("person");
    double[] held = video.box(10);
    Mp4Check.decode(target, (i, frame) -> {
      if (i <= 10 + 25) {
        assertBoxEdges(frame, held.length == 4 && i <= 10 ? video.box(i) : held, colour, "frame " + i);
      } else if (i > 10 + 26) {
        int[] px = frame.at(leftEdgeX(frame, held), midY(frame, held));
        assertThat(near(px, colour)).as("frame %d has no box, pixel %s", i, str(px)).isFalse();
      }
    });
  }

  @Test
  void noAnnotationLeavesTheFootageUndrawn() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 10);
    Path target = dir.resolve("plain.mp4");
    ClipResult result = builder.build(video.units("s1", 0, 0), FROM_FIRST, null, target);

    assertThat(result.frames()).isEqualTo(10);
    Mp4Check.decode(target, (i, frame) -> {
      int[] px = frame.at(leftEdgeX(frame, video.box(i)) - 8, midY(frame, video.box(i)));
      assertThat(px[0]).as("grey background").isBetween(100, 160);
    });
  }

  @Test
  void sessionChangeRestartsTheDecoderAtItsKeyframe() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 50);
    List<VideoUnit> units = new ArrayList<>(video.units("s1", 5_000_000, 0).subList(0, 30));
    // the camera reconnected: new session, pts start over at 0, capture time goes on
    TestVideo second = new TestVideo(320, 240, 20, video.box(30), video.box(49));
    units.addAll(second.units("s2", 0, 30));
    Path target = dir.resolve("clip.mp4");

    ClipResult result = builder.build(units, FROM_FIRST, new Annotation("person", 5, video.path(0, 45)), target);

    assertThat(result.frames()).isEqualTo(50);
    assertThat(result.damagedUnits()).isZero();
    assertThat(result.lastTsUs()).isEqualTo(TestVideo.tsUs(49));
    assertThat(Mp4Check.probe(target).path("nb_read_frames").asInt()).isEqualTo(50);
    int[] colour = BoxStyle.rgb("person");
    Mp4Check.decode(target, (i, frame) -> assertBoxEdges(frame, video.box(Math.min(i, 45)), colour, "frame " + i));

    ClipResult remux = builder.remux(units, dir.resolve("original.mp4"));
    assertThat(remux.frames()).isEqualTo(50);
    assertThat(Mp4Check.decode(dir.resolve("original.mp4"), (i, f) -> { })).isEqualTo(50);
  }

  @Test
  void unitsOfANewSessionBeforeItsKeyframeAreSkipped() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 50);
    List<VideoUnit> units = new ArrayList<>(video.units("s1", 0, 0).subList(0, 25));
    List<VideoUnit> late = video.units("s2", 0, 25);
    units.addAll(late.subList(20, 50)); // joins s2 mid-GOP: 5 units before its keyframe at 25

    ClipResult result = builder.build(units, FROM_FIRST, null, dir.resolve("clip.mp4"));

    assertThat(result.frames()).isEqualTo(50);
    assertThat(result.damagedUnits()).isEqualTo(5);
  }

  @Test
  void garbageInOneUnitIsSkippedAndCounted() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 50);
    List<VideoUnit> units = new ArrayList<>(video.units("s1", 0, 0));
    VideoUnit victim = units.get(12);
    byte[] garbage = new byte[victim.data().length];
    new java.util.Random(1).nextBytes(garbage);
    units.set(12, new VideoUnit(garbage, victim.ptsUs(), victim.dtsUs(), victim.tsUs(), false, "h264", 320, 240, "s1"));
    Path target = dir.resolve("clip.mp4");

    ClipResult result = builder.build(units, FROM_FIRST, new Annotation("person", 1, video.path(0, 45)), target);

    assertThat(result.damagedUnits()).isGreaterThanOrEqualTo(1);
    assertThat(result.frames()).isEqualTo(49);
    assertThat(Mp4Check.decode(target, (i, f) -> { })).isEqualTo(49);
  }

  @Test
  void damagedSliceDataDoesNotFailTheClip() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 50);
    List<VideoUnit> units = new ArrayList<>(video.units("s1", 0, 0));
    VideoUnit victim = units.get(30);
    byte[] broken = victim.data().clone();
    for (int i = broken.length / 3; i < broken.length; i += 7) {
      broken[i] = (byte) 0xff; // start codes and NAL headers intact, slice data scrambled
    }
    units.set(30, new VideoUnit(broken, victim.ptsUs(), victim.dtsUs(), victim.tsUs(), false, "h264", 320, 240, "s1"));

    ClipResult result = builder.build(units, FROM_FIRST, null, dir.resolve("clip.mp4"));

    assertThat(result.frames()).isBetween(49, 50);
  }

  @Test
  void remuxKeepsEveryFrameWithoutReencoding() throws Exception {
    TestVideo video = TestVideo.moving(1280, 720, 50);
    List<VideoUnit> units = video.units("s1", 123_000_000, 0);
    Path target = dir.resolve("original.mp4");

    ClipResult result = builder.remux(units, target);

    JsonNode stream = Mp4Check.probe(target);
    assertThat(stream.path("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.path("nb_read_frames").asInt()).isEqualTo(50);
    assertThat(stream.path("r_frame_rate").asText()).isEqualTo("25/1");
    List<String> boxes = Mp4Check.topLevelBoxes(target);
    assertThat(boxes.indexOf("moov")).isLessThan(boxes.indexOf("mdat"));
    assertThat(result).isEqualTo(new ClipResult(50, 25.0, 1280, 720, TestVideo.tsUs(0), TestVideo.tsUs(49),
        Files.size(target), sha256(target), 0));
    // the source's red rectangle, untouched: no box drawn
    Mp4Check.decode(target, (i, frame) -> {
      double[] b = video.box(i);
      int[] px = frame.at((int) ((b[0] + b[2]) / 2 * frame.width()), midY(frame, b));
      assertThat(px[0]).as("frame %d centre %s", i, str(px)).isGreaterThan(200);
    });
  }

  @Test
  void writesAtomicallyAndLeavesNoTempFile() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 10);
    List<VideoUnit> units = video.units("s1", 0, 0);
    Path target = dir.resolve("clip.mp4");
    Files.writeString(target, "old clip");

    builder.build(units, FROM_FIRST, null, target);
    builder.remux(units, dir.resolve("original.mp4"));

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("clip.mp4", "original.mp4");
    }
    assertThat(Files.readAllBytes(target)).startsWith(0, 0, 0); // an MP4 box, not the old text
  }

  @Test
  void failedBuildKeepsTheOldFileAndLeavesNoTempFile() throws Exception {
    TestVideo video = TestVideo.moving(320, 240, 5);
    VideoUnit first = video.units("s1", 0, 0).get(0);
    VideoUnit garbage = new VideoUnit(new byte[] {1, 2, 3, 4, 5}, 0, 0, first.tsUs(), true, "h264", 320, 240, "s1");
    Path target = dir.resolve("clip.mp4");
    Files.writeString(target, "old clip");

    assertThatThrownBy(() -> builder.build(List.of(garbage), FROM_FIRST, null, target))
        .isInstanceOf(IOException.class)
        .hasMessage("no frame at or after the clip's start could be decoded from 1 video units");

    assertThat(Files.readString(target)).isEqualTo("old clip");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("clip.mp4");
    }
  }

  @Test
  void hevcFootageBecomesAnH264ClipAndAnHevcOriginal() throws Exception {
    List<VideoUnit> units = hevcUnits(50, 25);
    Path target = dir.resolve("clip.mp4");
    Path original = dir.resolve("original.mp4");

    ClipResult clip = builder.build(units, FROM_FIRST, null, target);
    ClipResult remux = builder.remux(units, original);

    assertThat(clip.frames()).isEqualTo(50);
    assertThat(clip.damagedUnits()).isZero();
    assertThat(Mp4Check.probe(target).path("codec_name").asText()).isEqualTo("h264");
    assertThat(Mp4Check.decode(target, (i, f) -> { })).isEqualTo(50);
    JsonNode stream = Mp4Check.probe(original);
    assertThat(stream.path("codec_name").asText()).isEqualTo("hevc");
    assertThat(stream.path("nb_read_frames").asInt()).isEqualTo(50);
    assertThat(remux.frames()).isEqualTo(50);
    List<String> boxes = Mp4Check.topLevelBoxes(original);
    assertThat(boxes.indexOf("moov")).as("faststart: moov before mdat in %s", boxes).isLessThan(boxes.indexOf("mdat"));
    assertThat(Mp4Check.decode(original, (i, f) -> { })).isEqualTo(50);
  }

  /**
   * H.265 access units as ingest publishes them (Annex-B, parameter sets before each keyframe), from
   * GStreamer's x265enc (Debian: gstreamer1.0-plugins-bad), one file per unit; 320x240 at 25 fps.
   */
  private List<VideoUnit> hevcUnits(int frames, int gop) throws Exception {
    Path auDir = Files.createDirectories(dir.resolve("hevc"));
    GstLaunch.run("videotestsrc", "num-buffers=" + frames, "pattern=ball", "!",
        "video/x-raw,width=320,height=240,framerate=25/1,format=I420", "!", "x265enc", "key-int-max=" + gop,
        "tune=zerolatency", "!", "h265parse", "config-interval=-1", "!",
        "video/x-h265,stream-format=byte-stream,alignment=au", "!", "multifilesink",
        "location=" + auDir.resolve("au-%05d.h265"));
    List<VideoUnit> units = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      byte[] data = Files.readAllBytes(auDir.resolve(String.format("au-%05d.h265", i)));
      boolean key = AnnexB.parameterSets(data, VideoUnit.HEVC).length > 0;
      long ptsUs = i * TestVideo.STEP_US;
      units.add(new VideoUnit(data, ptsUs, ptsUs, TestVideo.tsUs(i), key, VideoUnit.HEVC, 320, 240, "s1"));
    }
    assertThat(units).filteredOn(VideoUnit::key).hasSize((frames + gop - 1) / gop);
    return units;
  }

  @Test
  void clipMustStartAtAKeyframe() throws Exception {
    List<VideoUnit> units = TestVideo.moving(320, 240, 5).units("s1", 0, 0);
    assertThatThrownBy(() -> builder.build(units.subList(1, 5), FROM_FIRST, null, dir.resolve("clip.mp4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clip must start at a keyframe; the first unit (pts 40000 µs, session s1) is not one");
  }

  // -- pixel checks ------------------------------------------------------------------------------------

  static void assertBoxEdges(Mp4Check.Rgb frame, double[] b, int[] colour, String what) {
    int left = leftEdgeX(frame, b);
    int right = (int) Math.round(b[2] * frame.width()) - 1;
    int top = (int) Math.round(b[1] * frame.height()) - 1;
    int midX = (int) Math.round((b[0] + b[2]) / 2 * frame.width());
    int midY = midY(frame, b);
    for (int[] p : new int[][] {{left, midY}, {right, midY}, {midX, top}}) {
      int[] px = frame.at(p[0], p[1]);
      assertThat(near(px, colour)).as("%s: pixel %s at (%d,%d) should be box colour %s", what, str(px), p[0], p[1],
          str(colour)).isTrue();
    }
  }

  static int leftEdgeX(Mp4Check.Rgb frame, double[] b) {
    return (int) Math.round(b[0] * frame.width()) - 1;
  }

  static int midY(Mp4Check.Rgb frame, double[] b) {
    return (int) Math.round((b[1] + b[3]) / 2 * frame.height());
  }

  static boolean near(int[] px, int[] colour) {
    for (int k = 0; k < 3; k++) {
      if (Math.abs(px[k] - colour[k]) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  static String str(int[] rgb) {
    return "(" + rgb[0] + "," + rgb[1] + "," + rgb[2] + ")";
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
