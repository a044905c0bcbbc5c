package io.vsp.bench;

import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.testkit.FfmpegPrograms;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest benchmark ({@code bench/run ingest}). Part one: a 1080p25 H.264 file read at full speed
 * through the real ingest path to a real broker, against FFmpeg decoding the same file with the same
 * number of threads, in the same run. Part two: CPU cores the whole ingest service uses per live
 * 1080p25 camera, with and without a 640×360 detect substream. Exits 1 when a measurement failed or a
 * record count is wrong; a missed goal is reported, not failed.
 */
public final class IngestBench {
  /** VSP's full-speed ingest should reach this share of FFmpeg's decode-only frame rate. */
  static final double GOAL = 0.85;

  private final BenchOptions options;
  private final BenchReport report = new BenchReport(System.out);
  private final List<String> failures = new ArrayList<>();
  private FileIngestRun.Result oneThreadBest; // the file pass with 1 decoder thread, as a live camera runs

  private IngestBench(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchMain.run("ingest", BenchOptions.USAGE, args, BenchOptions::parse, options -> new IngestBench(options).run());
  }

  private int run() throws Exception {
    report.machine();
    SampleVideo.Info sample = SampleVideo.prepare(options.work(), options.duration());
    report.sample(sample);
    try (KafkaBroker broker = KafkaBroker.startNew()) {
      KafkaClients clients = new KafkaClients(broker.bootstrap(), Map.of());
      Optional<ProcessHandle> brokerProcess = CpuTimes.child("kafka.Kafka");
      if (options.throughput()) {
        throughput(sample, clients, brokerProcess);
      }
      if (options.realtime()) {
        realtime(broker.bootstrap(), sample);
      }
    }
    if (!failures.isEmpty()) {
      System.out.println();
      failures.forEach(f -> System.out.println("FAILED: " + f));
      return 1;
    }
    return 0;
  }

  /** Part one: per thread count, FFmpeg and VSP passes in turn, so both see the same machine load. */
  private void throughput(SampleVideo.Info sample, KafkaClients clients, Optional<ProcessHandle> broker)
      throws Exception {
    Path ffmpeg = FfmpegPrograms.ffmpeg();
    String file = sample.file().toString();
    List<BenchReport.Row> rows = new ArrayList<>();
    // a service runs for days: the JIT's first minutes are not its throughput
    System.out.println("\nwarm-up pass (JIT compilation), not counted...");
    NamedThread.call("capture:bench", () -> FileIngestRun.run(file, 1, clients, "bench.warmup.", broker));
    for (int threads : options.threads()) {
      report.throughputHeader(threads);
      List<Throughput> baseline = new ArrayList<>();
      List<FileIngestRun.Result> vsp = new ArrayList<>();
      for (int run = 1; run <= options.runs(); run++) {
        Path log = options.work().resolve("ffmpeg-decode.log");
        Throughput b = FfmpegBaseline.run(ffmpeg, sample.file(), threads, log);
        report.baselineRun(run, threads, b);
        baseline.add(b);
        String prefix = "bench.n" + threads + "-r" + run + ".";
        FileIngestRun.Result v =
            NamedThread.call("capture:bench", () -> FileIngestRun.run(file, threads, clients, prefix, broker));
        report.vspRun(run, v);
        check("threads " + threads + " run " + run, v, sample);
        vsp.add(v);
      }
      List<StageBreakdown.Result> stages = new ArrayList<>();
      for (StageBreakdown.Stage stage : StageBreakdown.Stage.values()) {
        List<StageBreakdown.Result> passes = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
          passes.add(NamedThread.call("capture:bench", () -> StageBreakdown.run(file, threads, stage)));
        }
        stages.add(passes.stream().max(Comparator.comparingDouble(p -> p.pass().fps())).orElseThrow());
      }
      report.stages(threads, stages);
      FileIngestRun.Result best = vsp.stream().max(Comparator.comparingDouble(r -> r.vsp().fps())).orElseThrow();
      rows.add(new BenchReport.Row(threads, Throughput.best(baseline), best));
      if (threads == 1) {
        oneThreadBest = best;
      }
    }
    report.throughputSummary(rows, GOAL);
  }

  /** Part two: the whole service on live RTSP streams. */
  private void realtime(String bootstrap, SampleVideo.Info sample) throws Exception {
    List<RealtimeCpu.Result> results = new ArrayList<>();
    try (RtspServer rtsp = RtspServer.builder()
        .mount("/main", "h264:1920x1080@25:gop=25")
        .mount("/sub", "h264:640x360@25:gop=25")
        .start()) {
      List<RealtimeCpu.Scenario> scenarios = List.of(
          new RealtimeCpu.Scenario("main", "main 1080p25 only (decoded for detection too)", false),
          new RealtimeCpu.Scenario("sub", "main 1080p25 recorded + 640x360 detect substream", true));
      for (RealtimeCpu.Scenario scenario : scenarios) {
        System.out.printf("%nreal time, %s: warm-up %d s, then measuring %d s...%n", scenario.description(),
            options.warmUp().toSeconds(), options.window().toSeconds());
        RealtimeCpu.Result r = RealtimeCpu.run(scenario, bootstrap, rtsp.url("/main"), rtsp.url("/sub"),
            options.work().resolve("realtime-" + scenario.name()), options.warmUp(), options.window());
        results.add(r);
        checkRealtime(r);
      }
    }
    report.realtime(results);
    if (oneThreadBest != null) {
      report.projection(oneThreadBest, sample);
    }
  }

  private void check(String what, FileIngestRun.Result r, SampleVideo.Info sample) {
    long expectedFrames = Math.round(sample.seconds() * FileIngestRun.DETECT_FPS);
    if (r.vsp().frames() != sample.frames()) {
      failures.add(what + ": read " + r.vsp().frames() + " packets, the file has " + sample.frames());
    }
    if (r.videoRecords() != sample.frames()) {
      failures.add(what + ": " + r.videoRecords() + " video records in Kafka, expected " + sample.frames());
    }
    if (Math.abs(r.frameRecords() - expectedFrames) > 1) {
      failures.add(what + ": " + r.frameRecords() + " frames records in Kafka, expected " + expectedFrames
          + " ± 1 (" + sample.seconds() + " s × " + FileIngestRun.DETECT_FPS + " fps)");
    }
    if (r.dropped() != 0) {
      failures.add(what + ": " + r.dropped() + " records or packets dropped");
    }
  }

  private void checkRealtime(RealtimeCpu.Result r) {
    String what = "real time " + r.scenario().name();
    if (Math.abs(r.videoPerSecond() - SampleVideo.FPS) > 2) {
      failures.add(what + ": " + r.videoPerSecond() + " video records/s, expected " + SampleVideo.FPS);
    }
    if (Math.abs(r.framesPerSecond() - FileIngestRun.DETECT_FPS) > 0.5) {
      failures.add(what + ": " + r.framesPerSecond() + " frames records/s, expected " + FileIngestRun.DETECT_FPS);
    }
    if (r.dropped() != 0) {
      failures.add(what + ": " + r.dropped() + " records or packets dropped");
    }
  }
}
