package io.vsp.detector.engine.tensorrt;

import io.vsp.detector.engine.EngineException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The folder of built TensorRT plans ({@code detector.tensorrt.engineCache}), one file per
 * {@link EngineCacheKey}. Plans are written to a temporary file and moved in place, so a detector that
 * dies mid-write never leaves a torn plan behind; {@link #obtain} builds a missing plan under a
 * {@link BuildLock}, so of several processes missing it one builds and the others load its result.
 */
public final class EngineCache {
  private final Path dir;

  public EngineCache(Path dir) {
    this.dir = dir;
  }

  public Path planPath(EngineCacheKey key) {
    return dir.resolve(key.fileName());
  }

  /** Makes a plan's bytes; called at most once per {@link #obtain}, under the key's build lock. */
  @FunctionalInterface
  public interface PlanMaker {
    byte[] make() throws EngineException;
  }

  /** Where a plan is and whether this call built it. */
  public record Obtained(Path plan, boolean built) {}

  /**
   * The plan for {@code key}: the cached one, or one {@code maker} builds while this caller holds the
   * key's build lock. A caller that had to wait for the lock finds the plan the holder built and does
   * not build it again.
   *
   * @param waiting told (once) when another thread or process holds the lock
   */
  public Obtained obtain(EngineCacheKey key, PlanMaker maker, Consumer<String> waiting)
      throws IOException, EngineException {
    Path plan = planPath(key);
    if (Files.isRegularFile(plan)) {
      return new Obtained(plan, false);
    }
    Files.createDirectories(dir);
    try (BuildLock lock = BuildLock.acquire(lockPath(key), waiting)) {
      if (Files.isRegularFile(plan)) {
        return new Obtained(plan, false);
      }
      return new Obtained(write(key, maker.make()), true);
    }
  }

  /** The lock file beside the plan, held while it is built. */
  public Path lockPath(EngineCacheKey key) {
    return dir.resolve(key.fileName() + ".lock");
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
