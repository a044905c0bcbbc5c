package io.vsp.bench.clips;

import io.vsp.bench.BenchMain;
import io.vsp.bench.CpuTimes;
import io.vsp.bench.FfmpegBaseline;
import io.vsp.bench.Machine;
import io.vsp.bench.NamedThread;
import io.vsp.bench.SampleVideo;
import io.vsp.bench.Throughput;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.sink.clips.Annotation;
import io.vsp.sink.clips.ClipBuilder;
import io.vsp.sink.clips.ClipResult;
import io.vsp.sink.clips.VideoUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The clip benchmark ({@code bench/run clips}): an annotated clip built from generated 720p25 H.264 video
 * on one core (decode, box on every frame, openh264 encode, MP4 +faststart, fsync), against bare FFmpeg
 * decoding and re-encoding the same file with libopenh264 at the same bit rate and GOP, one thread each,
 * in the same run. Reports seconds of video built per second of wall time and of CPU time. Exits 1 when a
 * pass failed or a clip has the wrong frame count; a missed goal is reported, not failed.
 */
public final class ClipsBench {
  /** A clip should build at least this many times faster than real time on one core. */
  static final double GOAL_REALTIME = 4.0;
  /** Seconds of the uncounted first pass (JIT compilation). */
  static final int WARM_UP_SECONDS = 5;

  private final ClipsOptions options;
  private final List<String> failures = new ArrayList<>();

  private ClipsBench(ClipsOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.run("clips", ClipsOptions.USAGE, args, ClipsOptions::parse, options -> new ClipsBench(options).run());
  }

  private int run() throws Exception {
    System.out.println("== VSP clip benchmark ==");
    System.out.println("machine: " + Machine.summary());
    System.out.printf("%s, FFmpeg %s (org.bytedeco:ffmpeg), one core per clip, no GPU%n", Machine.jdk(),
        avutil.av_version_info().getString());
    Path sample = ClipSample.prepare(options.work(), options.duration());
    List<VideoUnit> units = ClipSample.units(sample);
    double videoSeconds = (double) units.size() / ClipSample.FPS;
    long bitRate = ClipBuilder.bitRate(ClipSample.WIDTH, ClipSample.HEIGHT, ClipSample.FPS);
    Annotation annotation = ClipSample.annotation(options.duration());
    System.out.printf(Locale.ROOT, "sample: %s: %d units, %.1f s; clip encoded at %.3f Mbit/s, keyframe every 2 s%n",
        sample, units.size(), videoSeconds, bitRate / 1e6);

    System.out.println("\nwarm-up pass (JIT compilation), not counted...");
    List<VideoUnit> warm = units.subList(0, Math.min(units.size(), WARM_UP_SECONDS * ClipSample.FPS));
    NamedThread.call("clip:bench",
        () -> new ClipBuilder().build(warm, ClipBuilder.FROM_FIRST, annotation, options.work().resolve("warm-up.mp4")));

    // the FFmpeg program decodes with -threads 1 (input option) and encodes with -threads 1 (output
    // option; openh264 would otherwise take every core), same bit rate and GOP as the clip
    List<String> encode = List.of("-threads", "1", "-c:v", "libopenh264", "-b:v", Long.toString(bitRate),
        "-g", Integer.toString(2 * ClipSample.FPS), "-pix_fmt", "yuv420p");
    List<Throughput> ffmpeg = new ArrayList<>();
    List<Throughput> vsp = new ArrayList<>();
    for (int run = 1; run <= options.runs(); run++) {
      Throughput f = FfmpegBaseline.run(FfmpegPrograms.ffmpeg(), sample, 1, encode, options.work().resolve("ffmpeg.log"));
      print(run, "ffmpeg -threads 1 decode + libopenh264 -f null", f, videoSeconds);
      ffmpeg.add(f);
      Throughput v = vspPass(units, annotation, options.work().resolve("clip-" + run + ".mp4"));
      print(run, "VSP ClipBuilder.build (annotated MP4)", v, videoSeconds);
      vsp.add(v);
    }
    summary(Throughput.best(ffmpeg), Throughput.best(vsp), videoSeconds);
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.out.println("FAILED: " + f));
      return 1;
    }
    return 0;
  }

  private Throughput vspPass(List<VideoUnit> units, Annotation annotation, Path target) throws Exception {
    long busyBefore = CpuTimes.machineBusyNanos();
    long cpuBefore = CpuTimes.processNanos();
    long start = System.nanoTime();
    ClipResult r = NamedThread.call("clip:bench",
        () -> new ClipBuilder().build(units, ClipBuilder.FROM_FIRST, annotation, target));
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e9;
    double busy = (CpuTimes.machineBusyNanos() - busyBefore) / 1e9;
    if (r.frames() != units.size()) {
      failures.add(target.getFileName() + ": " + r.frames() + " frames, expected " + units.size());
    }
    if (r.damagedUnits() != 0) {
      failures.add(target.getFileName() + ": " + r.damagedUnits() + " damaged units in clean input");
    }
    return new Throughput(r.frames(), wall, cpu, Throughput.otherCores(busy, cpu, wall));
  }

  private static void print(int run, String what, Throughput t, double videoSeconds) {
    System.out.printf(Locale.ROOT, "run %d  %-48s %6.2f× real time  (%.2f s wall, %.1f fps; CPU %.2f s = %.2f× "
            + "real time per CPU s; other programs %s)%n", run, what, videoSeconds / t.seconds(), t.seconds(), t.fps(),
        t.cpuSeconds(), videoSeconds / t.cpuSeconds(), CpuTimes.formatCores(t.otherCores()));
  }

  private void summary(Throughput ffmpeg, Throughput vsp, double videoSeconds) {
    System.out.printf("%n== Annotated clip, 720p25 H.264 in → H.264 yuv420p MP4 out, one core (best of %d) ==%n",
        options.runs());
    System.out.println("pass | video s per wall s | video s per CPU s | fps | CPU ms/frame | other programs, cores");
    for (var row : List.of(List.of("ffmpeg decode + openh264 encode", ffmpeg), List.of("VSP annotated clip", vsp))) {
      Throughput t = (Throughput) row.get(1);
      System.out.printf(Locale.ROOT, "%s | %.2f | %.2f | %.1f | %.2f | %s%n", row.get(0), videoSeconds / t.seconds(),
          videoSeconds / t.cpuSeconds(), t.fps(), t.cpuMillisPerFrame(), CpuTimes.formatCores(t.otherCores()));
    }
    double ratio = vsp.fps() / ffmpeg.fps();
    double realtime = videoSeconds / vsp.seconds();
    System.out.printf(Locale.ROOT, "VSP / ffmpeg (wall): %.2f; VSP / ffmpeg (CPU per frame): %.2f%n", ratio,
        vsp.cpuMillisPerFrame() / ffmpeg.cpuMillisPerFrame());
    System.out.printf(Locale.ROOT, "goal >= %.0f× real time on one core: %s (%.2f×)%n", GOAL_REALTIME,
        realtime >= GOAL_REALTIME ? "met" : "NOT met", realtime);
  }
}
