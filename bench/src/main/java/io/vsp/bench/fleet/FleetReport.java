package io.vsp.bench.fleet;

import io.vsp.bench.Machine;
import io.vsp.bench.TopicStats;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/** Prints the fleet benchmark: each pass as it ends, then per size the median and spread, the slopes and the goals. */
final class FleetReport {
  /**
   * One pass of one size.
   *
   * @param processed tracker part: detections records the tracker committed during the window
   * @param lagGrowth tracker part: records the tracker fell further behind during the window (≤ 0: it kept up)
   * @param lateSlots tracker part: send slots the feed started late in the window (> 0: the pace was not kept)
   */
  record Pass(String part, int cameras, int run, Window.Result window, long processed, long lagGrowth,
              long lateSlots) {
    /** Tracker part: service CPU ms per detections record processed in the window. */
    double msPerFrame() {
      return window.serviceCores() * window.seconds() * 1000 / Math.max(1, processed);
    }

    double processedPerSecond() {
      return processed / window.seconds();
    }

    double perCameraPerSecond(String topic, boolean bytes) {
      TopicStats.Traffic t = window.topic(topic);
      return (bytes ? t.bytes() : t.records()) / window.seconds() / cameras;
    }
  }

  private final PrintStream out;

  FleetReport(PrintStream out) {
    this.out = out;
  }

  void machine(FleetOptions options) {
    out.println("== VSP fleet benchmark: cost per camera ==");
    out.println("machine: " + Machine.summary());
    out.println(Machine.jdk() + ", no GPU used; started " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + ", load average " + ProcessStats.loadAverage());
    out.printf(Locale.ROOT, "each pass: a fresh service JVM (%s), %d s warm-up, %d s measured; %d runs, sizes in"
        + " turn within a run%n", options.jvmOptions().isEmpty()
        ? "as deployed: ingest " + String.join(" ", FleetOptions.INGEST_JVM) + " " + FleetOptions.INGEST_ENV
            + ", sink default JVM options"
        : "JVM options " + String.join(" ", options.jvmOptions()) + "; ingest env " + FleetOptions.INGEST_ENV,
        options.warmUp().toSeconds(),
        options.window().toSeconds(), options.runs());
  }

  Pass pass(Pass p) {
    Window.Result w = p.window();
    out.printf(Locale.ROOT, "%s %4d cameras run %d: service %.3f cores, %d threads, RSS %.0f MB; broker %.3f,"
            + " %s %.3f, other programs %.2f cores; load %s -> %s%s%n", p.part(), p.cameras(), p.run(),
        w.serviceCores(), w.threads(), w.rssBytes() / 1e6, w.brokerCores(),
        p.part().equals("ingest") ? "RTSP simulator" : "feed (bench JVM)", w.sourceCores(), w.otherCores(),
        w.loadStart(), w.loadEnd(), p.part().equals("tracker")
            ? String.format(Locale.ROOT, "; processed %.0f records/s (%.4f ms CPU each), lag growth %d records,"
                + " late feed slots %d", p.processedPerSecond(), p.msPerFrame(), p.lagGrowth(), p.lateSlots())
            : "");
    StringBuilder topics = new StringBuilder("       per camera per second:");
    w.topics().forEach((topic, t) -> {
      if (t.records() > 0) {
        topics.append(String.format(Locale.ROOT, " %s %.2f rec %.1f KB;", topic,
            t.records() / w.seconds() / p.cameras(), t.bytes() / w.seconds() / p.cameras() / 1e3));
      }
    });
    out.println(topics);
    return p;
  }

  void ingest(List<Pass> passes) {
    out.println("\n== ingest: one worker, 640x360 25 fps H.264 cameras from RTSP file mounts, sampled at 2 fps ==");
    table(passes, List.of("video", "frames", "status"));
    if (sizes(passes).size() < 2) {
      out.println("fewer than 2 sizes measured: no slope");
      return;
    }
    LinearFit cores = fit(passes, p -> p.window().serviceCores());
    LinearFit rss = fit(passes, p -> p.window().rssBytes() / 1e6);
    LinearFit threads = fit(passes, p -> p.window().threads());
    LinearFit broker = fit(passes, p -> p.window().brokerCores());
    out.printf(Locale.ROOT, "slope per camera (least squares over all passes): JVM %.4f cores (intercept %.3f),"
            + " RSS %.2f MB (intercept %.0f), threads %.2f (intercept %.0f); broker %.4f cores%n",
        cores.slope(), cores.intercept(), rss.slope(), rss.intercept(), threads.slope(), threads.intercept(),
        broker.slope());
    goal("ingest JVM cores per camera", cores.slope(), FleetBench.INGEST_CORES_GOAL);
    goal("ingest JVM RSS MB per camera", rss.slope(), FleetBench.INGEST_RSS_MB_GOAL);
  }

  void tracker(List<Pass> passes) {
    out.printf(Locale.ROOT, "%n== tracker: one sink (clips off), detections at %.0f fps per camera, %d objects each ==%n",
        FleetOptions.TRACKER_FPS, FleetOptions.OBJECTS);
    table(passes, List.of("detections", "events", "sink-tracks-changelog"));
    if (sizes(passes).size() < 2) {
      out.println("fewer than 2 sizes measured: no slope");
      return;
    }
    out.println("cameras | processed records/s | JVM CPU ms per processed record");
    for (int size : sizes(passes)) {
      List<Pass> of = passes.stream().filter(p -> p.cameras() == size).toList();
      out.printf(Locale.ROOT, "%7d | %s | %s%n", size, spread(of, Pass::processedPerSecond, "%.0f"),
          spread(of, Pass::msPerFrame, "%.4f"));
    }
    LinearFit cores = fit(passes, p -> p.window().serviceCores());
    LinearFit rss = fit(passes, p -> p.window().rssBytes() / 1e6);
    LinearFit threads = fit(passes, p -> p.window().threads());
    // CPU against the records actually processed: right even where the tracker fell behind its input
    List<LinearFit.Point> perRecord = new ArrayList<>();
    passes.forEach(p -> perRecord.add(new LinearFit.Point(p.processedPerSecond(), p.window().serviceCores())));
    LinearFit perFrame = LinearFit.of(perRecord);
    List<LinearFit.Point> brokerPerRecord = new ArrayList<>();
    passes.forEach(p -> brokerPerRecord.add(new LinearFit.Point(p.processedPerSecond(), p.window().brokerCores())));
    double msPerFrame = perFrame.slope() * 1000;
    out.printf(Locale.ROOT, "slope per camera (least squares over all passes): JVM %.5f cores (intercept %.3f),"
            + " RSS %.3f MB (intercept %.0f), threads %.3f%n", cores.slope(), cores.intercept(), rss.slope(),
        rss.intercept(), threads.slope());
    out.printf(Locale.ROOT, "slope per processed camera-frame: JVM %.4f ms (intercept %.3f cores); broker %.4f ms%n",
        msPerFrame, perFrame.intercept(), LinearFit.of(brokerPerRecord).slope() * 1000);
    goal("tracker JVM ms per camera-frame (slope)", msPerFrame, FleetBench.TRACKER_MS_GOAL);
  }

  /** Per size: median (min-max) of each measure over the runs. */
  private void table(List<Pass> passes, List<String> topics) {
    out.print("cameras | JVM cores | cores/camera | threads | RSS MB | broker cores | source cores | other cores | load");
    topics.forEach(t -> out.print(" | " + t + " KB/s/cam | rec/s/cam"));
    out.println();
    for (int size : sizes(passes)) {
      List<Pass> of = passes.stream().filter(p -> p.cameras() == size).toList();
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7d", size));
      row.append(" | ").append(spread(of, p -> p.window().serviceCores(), "%.3f"));
      row.append(" | ").append(spread(of, p -> p.window().serviceCores() / p.cameras(), "%.4f"));
      row.append(" | ").append(spread(of, p -> p.window().threads(), "%.0f"));
      row.append(" | ").append(spread(of, p -> p.window().rssBytes() / 1e6, "%.0f"));
      row.append(" | ").append(spread(of, p -> p.window().brokerCores(), "%.3f"));
      row.append(" | ").append(spread(of, p -> p.window().sourceCores(), "%.3f"));
      row.append(" | ").append(spread(of, p -> p.window().otherCores(), "%.2f"));
      row.append(" | ").append(spread(of, p -> Double.parseDouble(p.window().loadStart()), "%.2f"));
      for (String t : topics) {
        row.append(" | ").append(spread(of, p -> p.perCameraPerSecond(t, true) / 1e3, "%.2f"));
        row.append(" | ").append(spread(of, p -> p.perCameraPerSecond(t, false), "%.2f"));
      }
      out.println(row);
    }
  }

  private static Set<Integer> sizes(List<Pass> passes) {
    Set<Integer> sizes = new TreeSet<>();
    passes.forEach(p -> sizes.add(p.cameras()));
    return sizes;
  }

  private static LinearFit fit(List<Pass> passes, ToDoubleFunction<Pass> y) {
    List<LinearFit.Point> points = new ArrayList<>();
    passes.forEach(p -> points.add(new LinearFit.Point(p.cameras(), y.applyAsDouble(p))));
    return LinearFit.of(points);
  }

  /** "0.123 (0.100-0.150)": median and range. */
  private static String spread(List<Pass> passes, ToDoubleFunction<Pass> value, String format) {
    double[] v = passes.stream().mapToDouble(value).sorted().toArray();
    double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    return String.format(Locale.ROOT, format + " (" + format + "-" + format + ")", median, v[0], v[v.length - 1]);
  }

  private void goal(String what, double measured, double goal) {
    out.printf(Locale.ROOT, "goal %s <= %s: %s (%.4f)%n", what, goal, measured <= goal ? "met" : "NOT met", measured);
  }
}
