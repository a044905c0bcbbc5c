package io.vsp.app;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.common.wire.Json;
import io.vsp.detector.DetectorService;
import io.vsp.detector.replay.ReplayJob;
import io.vsp.detector.replay.ReplayPlanner;
import io.vsp.detector.replay.ReplayRefusedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vsp replay}: runs a past window of {@code frames} through another model into {@code detections.<tag>}
 * (issue 14), with the detector's own stages ({@link DetectorService#replay}); exits 0 once the window is done.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Run the frames of a past window through a model into <prefix>detections.<tag>, exactly once; "
        + "killed and started again with the same tag, it resumes. The live detector is not touched.")
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML).")
  Path config;

  @Option(names = "--from", required = true, description = "Window start: ISO-8601 instant or duration back from "
      + "now (10m, 2h, 90s).")
  String from;

  @Option(names = "--to", defaultValue = "0s", description = "Window end, exclusive; same forms (default: now).")
  String to;

  @Option(names = "--cameras", split = ",", description = "Only these cameras (default: all).")
  List<String> cameras = List.of();

  @Option(names = "--model", required = true, description = "The ONNX model to replay with (like detector.model).")
  Path model;

  @Option(names = "--engine", description = "onnxruntime | tensorrt (default: detector.engine).")
  DetectorConfig.Engine engine;

  @Option(names = "--tag", required = true, description = "Names the output topic detections.<tag>, and the "
      + "replay's consumer group: the same tag resumes.")
  String tag;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long nowUs = System.currentTimeMillis() * 1000;
    long fromUs;
    long toUs;
    try {
      fromUs = TimeArg.micros(from, nowUs);
      toUs = TimeArg.micros(to, nowUs);
      Topics.taggedDetections(tag);
      for (String c : cameras) {
        if (!CameraConfig.ID.matcher(c).matches()) {
          throw new IllegalArgumentException("--cameras: bad camera id \"" + c + "\"");
        }
      }
      if (fromUs >= toUs) {
        throw new IllegalArgumentException("--from (" + Json.timestampMicros(fromUs) + ") must be before --to ("
            + Json.timestampMicros(toUs) + ")");
      }
    } catch (IllegalArgumentException e) {
      err.println("vsp replay: " + e.getMessage());
      return Main.USAGE;
    }
    var kafka = cfg.kafka();
    String group = ReplayJob.groupId(kafka.topicPrefix(), tag);
    String frames = kafka.topicPrefix() + Topics.FRAMES.name();
    ReplayPlanner.Plan plan;
    try (Admin admin = Admin.create(new KafkaClients(kafka.bootstrap(), kafka.properties()).admin("vsp-replay"))) {
      plan = ReplayPlanner.plan(admin, frames, group, fromUs, toUs, new LinkedHashSet<>(cameras), nowUs);
    } catch (ReplayRefusedException e) {
      err.println("vsp replay: " + e.getMessage());
      return Main.USAGE;
    }
    var w = plan.window();
    out.printf("%s [%s, %s) of %s%s with %s into %s%s%n", plan.resumed() ? "resuming" : "replaying",
        Json.timestampMicros(w.fromUs()), Json.timestampMicros(w.toUs()), frames,
        w.cameras().isEmpty() ? "" : " (cameras " + String.join(",", Set.copyOf(w.cameras())) + ")", model,
        kafka.topicPrefix() + Topics.taggedDetections(tag).name(),
        plan.resumed() ? " (the window the first run of this tag fixed)" : "");
    out.flush();
    DetectorConfig detector = cfg.detector().withModel(engine != null ? engine : cfg.detector().engine(), model)
        .withMetricsPort(0); // beside a live detector on the same host
    ServiceMain lifecycle = new ServiceMain();
    AtomicBoolean windowDone = new AtomicBoolean();
    DetectorService service = DetectorService.replay(cfg, new ReplayJob(tag, detector, w), ServiceMain.registry(),
        lifecycle::fail, () -> {
          windowDone.set(true);
          lifecycle.finish();
        });
    long started = System.nanoTime();
    int status = lifecycle.runUntilStopped("vsp replay", service::start, service::close, err);
    if (status == 0 && windowDone.get()) {
      out.printf("replay done in %.1f s%n", Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0);
    }
    return status;
  }
}
