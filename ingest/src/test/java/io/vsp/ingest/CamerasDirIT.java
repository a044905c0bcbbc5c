package io.vsp.ingest;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.ingest.MediaChecks.of;

import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cameras added to and removed from {@code camerasDir} while ingest runs, by plain writes and by the
 * symlink swap Kubernetes does for a ConfigMap: each starts or stops within 5 s.
 */
class CamerasDirIT {
  static final Duration WITHIN = Duration.ofSeconds(5);

  @TempDir
  static Path dir;
  static RtspServer server;
  static IngestRunner ingest;
  static String bootstrap;
  static Path plainDir;

  @BeforeAll
  static void start() throws IOException {
    server = RtspServer.builder().mount("/cam", "h264:320x240@25:gop=25").start();
    bootstrap = KafkaBroker.shared().bootstrap();
    plainDir = Files.createDirectories(dir.resolve("cameras.d"));
    String yaml = """
        kafka: {bootstrap: "%s", topicPrefix: camdir.}
        ingest: {metricsPort: 0}
        camerasDir: cameras.d
        cameras:
          - {id: fixed, url: "%s"}
        """.formatted(bootstrap, server.url("/cam"));
    ingest = new IngestRunner(dir, yaml, Map.of(), "w1");
    awaitState("fixed", "online", 0, Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (ingest != null) {
      ingest.close();
    }
    server.close();
  }

  @Test
  void plainFileAddedStartsTheCameraAndRemovedStopsIt() throws IOException {
    long added = System.currentTimeMillis();
    Files.writeString(plainDir.resolve("yard.yaml"), "id: yard\nurl: \"" + server.url("/cam") + "\"\n");
    awaitState("yard", "connecting", added, WITHIN);
    awaitState("yard", "online", added, Duration.ofSeconds(15));

    long removed = System.currentTimeMillis();
    Files.delete(plainDir.resolve("yard.yaml"));
    awaitState("yard", "disabled", removed, WITHIN);
  }

  @Test
  void configMapSymlinkSwapAddsAndRemovesCameras() throws IOException {
    Path k8s = Files.createDirectories(dir.resolve("cameras.d"));
    // first version: one camera, behind ..data -> ..v1, as the kubelet lays a ConfigMap out
    writeVersion(k8s, "..v1", Map.of("gate", "id: gate\nurl: \"" + server.url("/cam") + "\"\n"));
    swapData(k8s, "..v1");
    long added = System.currentTimeMillis();
    Files.createSymbolicLink(k8s.resolve("gate.yaml"), Path.of("..data/gate.yaml"));
    awaitState("gate", "connecting", added, WITHIN);

    // second version adds a camera: the new file appears with the atomic swap of ..data
    writeVersion(k8s, "..v2", Map.of(
        "gate", "id: gate\nurl: \"" + server.url("/cam") + "\"\n",
        "dock", "id: dock\nurl: \"" + server.url("/cam") + "\"\n"));
    Files.createSymbolicLink(k8s.resolve("dock.yaml"), Path.of("..data/dock.yaml"));
    long swapped = System.currentTimeMillis();
    swapData(k8s, "..v2");
    awaitState("dock", "connecting", swapped, WITHIN);

    // third version removes gate: its link now dangles
    writeVersion(k8s, "..v3", Map.of("dock", "id: dock\nurl: \"" + server.url("/cam") + "\"\n"));
    long removed = System.currentTimeMillis();
    swapData(k8s, "..v3");
    awaitState("gate", "disabled", removed, WITHIN);
  }

  private static void writeVersion(Path root, String version, Map<String, String> files) throws IOException {
    Path v = Files.createDirectories(root.resolve(version));
    for (var e : files.entrySet()) {
      Files.writeString(v.resolve(e.getKey() + ".yaml"), e.getValue());
    }
  }

  /** Points {@code ..data} at {@code version} atomically: a new link renamed over the old one. */
  private static void swapData(Path root, String version) throws IOException {
    Path tmp = root.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(version));
    Files.move(tmp, root.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void awaitState(String camera, String state, long sinceMs, Duration within) {
    awaitRecords(bootstrap, ingest.topic("status"), all -> of(all, camera).stream()
        .anyMatch(r -> r.timestamp() >= sinceMs && CameraMediaIT.state(r).equals(state)), within)
        .forEach(r -> JsonSchemas.assertValid("status", r.value()));
  }
}
