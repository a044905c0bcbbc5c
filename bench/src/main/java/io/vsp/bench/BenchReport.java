package io.vsp.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;

/** Prints what the ingest benchmark measured, as it goes and as the final tables. */
final class BenchReport {
  /** The summary line of one thread count: FFmpeg's best pass and VSP's best pass. */
  record Row(int threads, Throughput ffmpeg, FileIngestRun.Result vsp) {
    double ratio() {
      return vsp.vsp().fps() / ffmpeg.fps();
    }
  }

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  void machine() {
    out.println("== VSP ingest benchmark ==");
    out.println("machine: " + Machine.summary());
    out.printf("%s, FFmpeg %s (org.bytedeco:ffmpeg), no GPU used%n", Machine.jdk(),
        avutil.av_version_info().getString());
  }

  void sample(SampleVideo.Info s) {
    out.printf(Locale.ROOT, "sample: %s: %d frames, %.1f s, %.2f Mbit/s%n", s.file(), s.frames(), s.seconds(),
        s.megabitsPerSecond());
  }

  void throughputHeader(int threads) {
    out.printf("%n-- full speed, %d decoder thread(s): FFmpeg decode-only vs VSP ingest to Kafka --%n", threads);
  }

  void baselineRun(int run, int threads, Throughput t) {
    out.printf(Locale.ROOT, "run %d  ffmpeg -threads %d -f null:  %7.1f fps  (%.2f s, CPU %.2f ms/frame; "
        + "other programs %s)%n", run, threads, t.fps(), t.seconds(), t.cpuMillisPerFrame(), cores(t.otherCores()));
  }

  void vspRun(int run, FileIngestRun.Result r) {
    Throughput t = r.vsp();
    out.printf(Locale.ROOT, "run %d  VSP ingest → Kafka:         %7.1f fps  (%.2f s, JVM CPU %.2f ms/frame, broker CPU "
            + "%.2f ms/frame; other programs %s)%n", run, t.fps(), t.seconds(), t.cpuMillisPerFrame(),
        r.brokerCpuSeconds() * 1000 / t.frames(), cores(t.otherCores()));
    out.printf(Locale.ROOT, "       records in Kafka: video %d, frames %d (%.0f KB each); frames decoded %d; dropped %d%n",
        r.videoRecords(), r.frameRecords(), r.frameBytes() / 1024.0 / Math.max(1, r.frameRecords()),
        r.framesDecoded(), r.dropped());
    out.println("       JVM CPU s by thread (to end of file): " + shares(r.threadCpu(), 1));
  }

  void stages(int threads, List<StageBreakdown.Result> stages) {
    out.printf("stages without Kafka (%d thread(s), best of runs):%n", threads);
    for (StageBreakdown.Result s : stages) {
      Throughput t = s.pass();
      out.printf(Locale.ROOT, "  %-32s %7.1f fps  (%.2f s, CPU %.2f ms/frame; other programs %s)%s%n",
          s.stage().label, t.fps(), t.seconds(), t.cpuMillisPerFrame(), cores(t.otherCores()),
          s.jpegs() > 0 ? String.format(Locale.ROOT, "; %d JPEGs at %.1f ms each", s.jpegs(), s.millisPerJpeg()) : "");
    }
  }

  void throughputSummary(List<Row> rows, double goal) {
    out.printf("%n== Ingest throughput: 1080p25 H.264 file at full speed, detect.fps 5, video + frames to Kafka ==%n");
    out.println("threads | ffmpeg fps | VSP fps | VSP/ffmpeg | ffmpeg CPU ms/frame | VSP JVM CPU ms/frame "
        + "| broker CPU ms/frame | other programs, cores (ffmpeg / VSP pass)");
    for (Row row : rows) {
      Throughput vsp = row.vsp().vsp();
      out.printf(Locale.ROOT, "%7d | %10.1f | %7.1f | %10.2f | %19.2f | %20.2f | %19.2f | %.2f / %.2f%n", row.threads(),
          row.ffmpeg().fps(), vsp.fps(), row.ratio(), row.ffmpeg().cpuMillisPerFrame(), vsp.cpuMillisPerFrame(),
          row.vsp().brokerCpuSeconds() * 1000 / vsp.frames(), row.ffmpeg().otherCores(), vsp.otherCores());
    }
    for (Row row : rows) {
      out.printf(Locale.ROOT, "goal VSP/ffmpeg >= %.2f with %d thread(s): %s (%.2f)%n", goal, row.threads(),
          row.ratio() >= goal ? "met" : "NOT met", row.ratio());
    }
  }

  void realtime(List<RealtimeCpu.Result> results) {
    out.printf("%n== CPU per real-time 1080p25 camera (whole ingest service, RTSP, decoder threads 1) ==%n");
    out.println("setup | ingest JVM cores | broker cores | camera simulator cores | other programs cores | packets/s "
        + "| video/s | video Mbit/s | frames/s | JPEG KB");
    for (RealtimeCpu.Result r : results) {
      out.printf(Locale.ROOT, "%s | %.3f | %.3f | %.3f | %.2f | %.1f | %.1f | %.2f | %.1f | %.0f%n",
          r.scenario().description(), r.jvmCores(), r.brokerCores(), r.cameraCores(), r.otherCores(),
          r.packetsPerSecond(), r.videoPerSecond(), r.videoMbps(), r.framesPerSecond(), r.jpegBytes() / 1024);
      out.println("  ingest JVM cores by thread: " + shares(r.threadNanos(), r.seconds()));
    }
  }

  /**
   * The simulator's stream is far lighter than a real camera's (see its bit rate): the file pass's CPU per
   * frame, 1 decoder thread, times 25 frames/s estimates a camera with the sample's bit rate.
   */
  void projection(FileIngestRun.Result oneThread, SampleVideo.Info sample) {
    Throughput t = oneThread.vsp();
    out.printf(Locale.ROOT, "projection for a %.1f Mbit/s 1080p25 main stream, decoded for detection (file pass, 1 "
            + "thread, CPU per frame x %d fps): ingest JVM %.3f cores, broker %.3f cores%n", sample.megabitsPerSecond(),
        SampleVideo.FPS, t.cpuSeconds() / t.frames() * SampleVideo.FPS,
        oneThread.brokerCpuSeconds() / t.frames() * SampleVideo.FPS);
  }

  private static String cores(double cores) {
    return CpuTimes.formatCores(cores);
  }

  private static String shares(Map<String, Long> nanos, double per) {
    return CpuTimes.formatShares(nanos, per);
  }
}
