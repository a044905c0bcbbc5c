package io.vsp.sink;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.CamerasDirWatcher;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras' current settings as the tracker needs them (labels, minScore, zones, masks): the inline
 * cameras plus {@code camerasDir}, which is watched, so a zone edited there applies without a restart.
 */
final class CameraCatalog implements Function<String, CameraConfig>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraCatalog.class);

  private final VspConfig config;
  private volatile Map<String, CameraConfig> cameras;
  private CamerasDirWatcher watcher;

  CameraCatalog(VspConfig config) {
    this.config = config;
    Map<String, CameraConfig> dir = Map.of();
    if (config.camerasDir() != null) {
      try {
        dir = ConfigLoader.loadCamerasDir(config.camerasDir());
      } catch (ConfigException e) {
        log.error("camerasDir: {}", e.getMessage()); // validated at start-up already; the watcher retries
      }
    }
    update(dir);
  }

  void watch(FatalPath fatal) {
    if (config.camerasDir() != null) {
      watcher = new CamerasDirWatcher(config.camerasDir(), CamerasDirWatcher.DEFAULT_POLL_INTERVAL, this::update,
          fatal);
      watcher.start();
    }
  }

  private void update(Map<String, CameraConfig> dir) {
    cameras = config.allCameras(dir).stream().collect(Collectors.toUnmodifiableMap(CameraConfig::id, c -> c));
  }

  /** The camera's settings, or null when no configuration names it (the tracker then uses defaults). */
  @Override
  public CameraConfig apply(String id) {
    return cameras.get(id);
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
