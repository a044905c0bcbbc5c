package io.vsp.detector.engine.tensorrt;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The folder of built TensorRT plans ({@code detector.tensorrt.engineCache}), one file per
 * {@link EngineCacheKey}. Plans are written to a temporary file and moved in place, so a detector that
 * dies mid-write, or two detectors building the same engine, never leave a torn plan behind.
 */
public final class EngineCache {
  private final Path dir;

  public EngineCache(Path dir) {
    this.dir = dir;
  }

  public Path planPath(EngineCacheKey key) {
    return dir.resolve(key.fileName());
  }

  /** The cached plan's bytes, if this key was built before. */
  public Optional<byte[]> read(EngineCacheKey key) throws IOException {
    Path plan = planPath(key);
    return Files.isRegularFile(plan) ? Optional.of(Files.readAllBytes(plan)) : Optional.empty();
  }

  /** Stores a plan under its key, replacing any older one; returns where it went. */
  public Path write(EngineCacheKey key, byte[] plan) throws IOException {
    Files.createDirectories(dir);
    Path target = planPath(key);
    Path temporary = Files.createTempFile(dir, key.fileName(), ".part");
    try {
      Files.write(temporary, plan);
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Drops a plan that TensorRT refused to load (for instance after a driver update), so it is rebuilt. */
  public void evict(EngineCacheKey key) throws IOException {
    Files.deleteIfExists(planPath(key));
  }
}
