package io.vsp.detector.engine.tensorrt;

import io.vsp.common.config.DetectorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an engine build needs besides the model: where the cache is, which GPU, the workspace limit, the
 * batch to use when the export left it open and how many execution slots will share the engine (one
 * optimization profile each when the batch is open). The detector passes it to its
 * {@code vsp engine build} child as options ({@link #cliArgs}).
 */
public record BuildRequest(Path cacheDir, int device, long workspaceBytes, int batchIfOpen, int slots) {
  public BuildRequest {
    Objects.requireNonNull(cacheDir, "cacheDir");
    if (device < 0 || workspaceBytes < 1 || batchIfOpen < 1 || slots < 1) {
      throw new IllegalArgumentException("device must be 0 or more, workspace, batch and slots more than 0 (got "
          + device + ", " + workspaceBytes + ", " + batchIfOpen + ", " + slots + ")");
    }
  }

  /** The request the detector configuration makes: {@code detector.tensorrt}, batch.max, inflight. */
  public static BuildRequest of(DetectorConfig config) {
    return new BuildRequest(config.tensorrt().engineCacheDir(), config.tensorrt().device(),
        config.tensorrt().workspace().bytes(), config.batch().max(), config.inflightBatches());
  }

  /** {@code vsp engine build} arguments that make exactly this request for {@code onnx}. */
  public List<String> cliArgs(Path onnx) {
    return List.of("engine", "build", "--onnx", onnx.toAbsolutePath().toString(),
        "--engine-cache", cacheDir.toAbsolutePath().toString(), "--device", Integer.toString(device),
        "--workspace-bytes", Long.toString(workspaceBytes), "--batch", Integer.toString(batchIfOpen),
        "--slots", Integer.toString(slots));
  }
}
