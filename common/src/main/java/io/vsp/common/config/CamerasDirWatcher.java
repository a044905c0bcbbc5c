package io.vsp.common.config;

import io.vsp.common.lifecycle.FatalPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a {@code camerasDir} and reports its complete set of valid cameras whenever it changes. It polls
 * by re-reading every file (through symlinks) and comparing contents, rather than using a WatchService,
 * because a Kubernetes ConfigMap update swaps a {@code ..data} symlink, which file events do not reliably
 * show as changes of {@code name.yaml}. A file that breaks a rule (or is caught half-written) is logged
 * once and its camera stays as it was.
 */
public final class CamerasDirWatcher implements AutoCloseable {
  /** The poll interval callers should use unless they have a reason not to. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(CamerasDirWatcher.class);

  /** Receives the folder's cameras; called on the watcher's thread, never concurrently. */
  public interface Listener {
    /** The complete valid set, by id; called on the first poll and after every change of the set. */
    void camerasChanged(Map<String, CameraConfig> cameras);
  }

  /** What the last poll saw in one file, and the camera it stands for (the last valid one). */
  private record Seen(byte[] content, CameraConfig camera) {}

  private final Path dir;
  private final Duration pollInterval;
  private final Listener listener;
  private final Map<String, String> env;
  private final FatalPath fatal;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "config-watch");
    thread.setDaemon(true); // must never keep a stopping JVM alive
    worker = thread;
    return thread;
  });
  private volatile Thread worker;

  // confined to the config-watch thread
  private final Map<Path, Seen> seen = new HashMap<>();
  private final Map<String, String> loggedDuplicates = new HashMap<>();
  private final Set<Path> unreadable = new HashSet<>();
  private Map<String, CameraConfig> delivered;
  private boolean loggedUnreadableDir;

  /** Watches {@code dir}, polling every {@link #DEFAULT_POLL_INTERVAL}. */
  public CamerasDirWatcher(Path dir, Listener listener) {
    this(dir, DEFAULT_POLL_INTERVAL, listener);
  }

  public CamerasDirWatcher(Path dir, Duration pollInterval, Listener listener) {
    this(dir, pollInterval, listener, System.getenv(), null);
  }

  /** @param fatal where an Error in a poll goes (the watcher could not go on); null: only logged */
  public CamerasDirWatcher(Path dir, Duration pollInterval, Listener listener, FatalPath fatal) {
    this(dir, pollInterval, listener, System.getenv(), fatal);
  }

  CamerasDirWatcher(Path dir, Duration pollInterval, Listener listener, Map<String, String> env) {
    this(dir, pollInterval, listener, env, null);
  }

  private CamerasDirWatcher(Path dir, Duration pollInterval, Listener listener, Map<String, String> env,
                            FatalPath fatal) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be longer than 0 (got " + pollInterval + ")");
    }
    this.dir = dir;
    this.pollInterval = pollInterval;
    this.listener = listener;
    this.env = Map.copyOf(env);
    this.fatal = fatal;
  }

  /** Starts polling on the {@code config-watch} thread; the first poll runs at once. */
  public void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("a CamerasDirWatcher starts once and not after close()");
    }
    executor.scheduleWithFixedDelay(this::pollSafely, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops polling and waits briefly for a poll in progress; calling it again does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    executor.shutdownNow();
    if (Thread.currentThread() == worker) {
      return; // closed by the listener: waiting for ourselves would only time out
    }
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("config-watch for {} did not stop within 5 s (a listener still running?)", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // a thrown exception would silently cancel the schedule: log it and poll again next time
      log.error("config-watch of {} failed: {}", dir, Secrets.mask(String.valueOf(e)), e);
    } catch (Error e) {
      // thrown on: the executor would keep it in the task's future and silently never poll again
      if (fatal != null) {
        fatal.fail(e);
      } else {
        log.error("config-watch of {} stopped: {}", dir, e.toString(), e);
      }
    }
  }

  private void poll() {
    List<Path> files;
    try {
      files = CameraFiles.list(dir);
      loggedUnreadableDir = false;
    } catch (IOException e) {
      if (!loggedUnreadableDir) {
        log.error("{}: cannot list camera files ({}); keeping the cameras as they are", dir, e.toString());
        loggedUnreadableDir = true;
      }
      return;
    }
    seen.keySet().retainAll(files);
    unreadable.retainAll(files);
    Map<String, CameraConfig> cameras = new LinkedHashMap<>();
    Map<String, Path> owners = new HashMap<>();
    for (Path file : files) {
      CameraConfig camera = cameraOf(file);
      if (camera == null) {
        continue;
      }
      Path owner = owners.putIfAbsent(camera.id(), file);
      if (owner == null) {
        cameras.put(camera.id(), camera);
      } else if (!file.toString().equals(loggedDuplicates.put(camera.id(), file.toString()))) {
        log.error("{}: id: duplicate camera id \"{}\" (first defined in {}); file ignored", file, camera.id(), owner);
      }
    }
    loggedDuplicates.keySet().retainAll(cameras.keySet());
    if (!cameras.equals(delivered)) {
      log.info("{}: cameras now {}", dir, cameras.keySet());
      delivered = cameras;
      listener.camerasChanged(Collections.unmodifiableMap(cameras));
    }
  }

  /** The camera {@code file} stands for now: parsed again only when its content changed. */
  private CameraConfig cameraOf(Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      seen.remove(file); // removed between listing and reading: gone
      return null;
    } catch (IOException e) {
      if (unreadable.add(file)) {
        log.warn("{}: cannot read ({}); keeping its camera as it was", file, e.toString());
      }
      Seen before = seen.get(file);
      return before == null ? null : before.camera();
    }
    unreadable.remove(file);
    Seen before = seen.get(file);
    if (before != null && Arrays.equals(before.content(), content)) {
      return before.camera();
    }
    CameraFiles.Parsed parsed = CameraFiles.parse(file, content, env, new HashMap<>());
    CameraConfig camera = parsed.camera();
    if (camera == null) {
      CameraConfig kept = before == null ? null : before.camera();
      for (ConfigError error : parsed.errors()) {
        log.error("{}{}", Secrets.mask(error.toString()),
            kept == null ? "; camera not added" : "; camera " + kept.id() + " keeps its previous settings");
      }
      camera = kept;
    }
    seen.put(file, new Seen(content, camera));
    return camera;
  }
}
