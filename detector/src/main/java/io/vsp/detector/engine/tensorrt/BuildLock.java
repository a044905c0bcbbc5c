package io.vsp.detector.engine.tensorrt;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * An exclusive lock on a lock file beside an engine cache entry, so that of several detectors (or
 * {@code vsp engine build}s) missing the same plan one builds it and the others wait and then load it.
 * Across processes it is an OS file lock ({@link FileChannel#lock()}); threads of one JVM cannot share a
 * file lock (the JVM throws {@code OverlappingFileLockException}), so they first queue on a per-file
 * semaphore. The lock file is left in place: deleting it would race with a process about to lock it.
 */
final class BuildLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;

  private BuildLock(Semaphore local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Blocks until this caller holds the lock; says once through {@code waiting} when someone else holds it.
   *
   * @throws IOException when the lock file cannot be opened, or the wait is interrupted
   */
  static BuildLock acquire(Path file, Consumer<String> waiting) throws IOException {
    Path path = file.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(path, p -> new Semaphore(1));
    if (!local.tryAcquire()) {
      waiting.accept("another thread of this process is building this engine; waiting for it (" + path + ")");
      try {
        local.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the engine build lock " + path);
      }
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        waiting.accept("another process is building this engine; waiting for it (" + path + ")");
        lock = channel.lock();
      }
      return new BuildLock(local, channel, lock);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.release();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      try {
        channel.close();
      } finally {
        local.release();
      }
    }
  }
}
