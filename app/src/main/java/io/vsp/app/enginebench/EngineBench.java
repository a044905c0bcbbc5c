package io.vsp.app.enginebench;

import io.vsp.common.config.ConfigLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code vsp engine bench}'s two phases on one configuration: the engine alone (the ceiling), then the whole
 * detector through the given broker, and the ratio of their frame rates. Runs only where a GPU is.
 */
public final class EngineBench {
  /** Both phases' results. */
  public record Report(EngineAloneRun.Result engine, DetectorRun.Result detector) {
    /** The detector's frame rate as a share of the engine's alone. */
    public double ratio() {
      return detector.framesPerSecond() / engine.framesPerSecond();
    }

    public void print(PrintWriter out) {
      out.printf(Locale.ROOT, "engine alone (trtexec-style ceiling): batch %d, %d in flight, %d runs: %.1f frames/s,"
          + " %.2f ms per batch%n", engine.batch(), engine.inflight(), engine.runs(), engine.framesPerSecond(),
          engine.msPerBatch());
      out.printf(Locale.ROOT, "whole detector (%dx%d JPEG frames from %d cameras through a local broker): %d of %d"
          + " frames in detections, %.1f frames/s%n", DetectorRun.WIDTH, DetectorRun.HEIGHT, DetectorRun.CAMERAS,
          detector.detections(), detector.frames(), detector.framesPerSecond());
      out.printf(Locale.ROOT, "detector / engine alone: %.2f%n", ratio());
      out.flush();
    }
  }

  private EngineBench() {}

  public static Report run(String bootstrap, Path onnx, int batch, int inflight, int device, int warmup, int runs,
      long frames, Path work) throws Exception {
    Files.createDirectories(work);
    Path config = Files.writeString(work.resolve("vsp-engine-bench.yaml"),
        DetectorRun.configText(bootstrap, onnx, batch, inflight, device));
    EngineAloneRun.Result engine = EngineAloneRun.run(ConfigLoader.load(config).detector(), warmup, runs);
    // the same plan, from the cache the first phase filled; generous time for a slow host side
    DetectorRun.Result detector = DetectorRun.run(config, frames, Duration.ofMinutes(10));
    return new Report(engine, detector);
  }
}
