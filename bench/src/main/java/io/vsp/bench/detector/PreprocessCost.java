package io.vsp.bench.detector;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import io.vsp.bench.CpuTimes;
import io.vsp.bench.NamedThread;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * What the detector's batch thread does per frame besides Kafka, measured alone on one thread with no
 * engine running: the JPEG decode by itself, then the whole preprocessing (decode, letterbox, RGB planes
 * into a model input slot), each for a fixed time over the sample frames.
 */
final class PreprocessCost {
  /** Wall and CPU (this whole JVM, so library worker threads count too) milliseconds per frame. */
  record Cost(double wallMillis, double cpuMillis) {}

  record Result(Cost decode, Cost prepare) {
    Cost letterbox() {
      return new Cost(prepare.wallMillis - decode.wallMillis, prepare.cpuMillis - decode.cpuMillis);
    }
  }

  private PreprocessCost() {}

  static Result measure(ModelContract contract, List<byte[]> jpegs, Duration each) throws Exception {
    return NamedThread.call("preprocess", () -> new Result(decode(jpegs, each), prepare(contract, jpegs, each)));
  }

  private static Cost decode(List<byte[]> jpegs, Duration each) {
    try (BytePointer encoded = new BytePointer(4L * 1024 * 1024); Mat decoded = new Mat()) {
      return timed(jpegs, each, jpeg -> {
        encoded.position(0).put(jpeg, 0, jpeg.length);
        try (Mat bytes = new Mat(1, jpeg.length, CV_8UC1, encoded)) {
          imdecode(bytes, IMREAD_COLOR, decoded);
        }
      });
    }
  }

  private static Cost prepare(ModelContract contract, List<byte[]> jpegs, Duration each) {
    ByteBuffer slot = ByteBuffer.allocateDirect(Math.toIntExact(contract.slotBytes()));
    try (Preprocessor preprocessor = new Preprocessor(contract, DetectorBench.RESIZE, DetectorBench.PAD_VALUE)) {
      return timed(jpegs, each, jpeg -> {
        try {
          preprocessor.prepare(jpeg, slot);
        } catch (Exception e) {
          throw new IllegalStateException("sample frame did not preprocess: " + e.getMessage(), e);
        }
      });
    }
  }

  private interface Step {
    void run(byte[] jpeg);
  }

  /** One untimed round over the frames (first-use costs), then rounds until {@code each} has passed. */
  private static Cost timed(List<byte[]> jpegs, Duration each, Step step) {
    jpegs.forEach(step::run);
    long cpuBefore = CpuTimes.processNanos();
    long start = System.nanoTime();
    long frames = 0;
    do {
      step.run(jpegs.get((int) (frames % jpegs.size())));
      frames++;
    } while (System.nanoTime() - start < each.toNanos());
    double wall = (System.nanoTime() - start) / 1e6;
    double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e6;
    return new Cost(wall / frames, cpu / frames);
  }
}
