package io.vsp.common.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The whole VSP configuration of SPEC §4, as read by {@link ConfigLoader}.
 *
 * @param kafka the cluster and topic naming; {@code bootstrap} required outside the demo
 * @param cameras the inline {@code cameras} list, in file order; the folder's cameras are not in it
 * @param camerasDir folder with one YAML file per camera, watched at run time; resolved against the config
 *     file's folder; default {@code cameras.d} next to the config file (absent folder = no cameras from it)
 * @param ingest the ingest service
 * @param detector the detector service
 * @param sink the sink service
 * @param limits what an incoming record may claim before it is refused as invalid
 */
public record VspConfig(
    KafkaConfig kafka, List<CameraConfig> cameras, Path camerasDir, IngestConfig ingest, DetectorConfig detector,
    SinkConfig sink, LimitsConfig limits) {

  public static final Path DEFAULT_CAMERAS_DIR = Path.of("cameras.d");

  public VspConfig {
    kafka = kafka == null ? KafkaConfig.DEFAULTS : kafka;
    cameras = cameras == null ? List.of() : List.copyOf(cameras);
    camerasDir = camerasDir == null ? DEFAULT_CAMERAS_DIR : camerasDir;
    ingest = ingest == null ? IngestConfig.DEFAULTS : ingest;
    detector = detector == null ? DetectorConfig.DEFAULTS : detector;
    sink = sink == null ? SinkConfig.DEFAULTS : sink;
    limits = limits == null ? LimitsConfig.DEFAULTS : limits;
  }

  /** Every key at its default and no cameras: the demo's starting point. */
  public static VspConfig defaults() {
    return new VspConfig(null, null, null, null, null, null, null);
  }

  public VspConfig withKafka(KafkaConfig newKafka) {
    return new VspConfig(newKafka, cameras, camerasDir, ingest, detector, sink, limits);
  }

  public VspConfig withCameras(List<CameraConfig> newCameras) {
    return new VspConfig(kafka, newCameras, camerasDir, ingest, detector, sink, limits);
  }

  /**
   * The cameras to run: the inline ones, then those of the folder ({@link CamerasDirWatcher} or
   * {@link ConfigLoader#loadCamerasDir}) by id. A folder camera whose id is already inline is left out: the
   * loader rejects that at start-up, and a file added later must not replace a camera silently.
   */
  public List<CameraConfig> allCameras(Map<String, CameraConfig> dirCameras) {
    Set<String> inline = cameras.stream().map(CameraConfig::id).collect(Collectors.toSet());
    List<CameraConfig> all = new ArrayList<>(cameras);
    dirCameras.values().stream()
        .filter(camera -> !inline.contains(camera.id()))
        .sorted((a, b) -> a.id().compareTo(b.id()))
        .forEach(all::add);
    return List.copyOf(all);
  }
}
