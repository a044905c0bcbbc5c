package io.vsp.bench.fleet;

import io.vsp.bench.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of {@code bench/run fleet}.
 *
 * @param work folder for the generated camera file, configs and service logs; default {@code bench/target/fleet-bench}
 * @param cameras ingest part: cameras on the one ingest worker, per size; default 10, 20, 40
 * @param trackerCameras tracker part: cameras whose detections the one sink tracks, per size; default 100, 300, 1000
 * @param runs passes per size, sizes taking turns within a run; default 3
 * @param warmUp from the service's first output to the measuring window; default 20 s
 * @param window measuring window per pass; default 30 s
 * @param ingest run the ingest part
 * @param tracker run the tracker part
 * @param jvmOptions options of the service JVMs, replacing the deployed ones; default none: each service as
 *     {@code bin/vsp} and the deploy files start it ({@link #INGEST_JVM} for ingest, JVM defaults for the sink)
 */
record FleetOptions(Path work, List<Integer> cameras, List<Integer> trackerCameras, int runs, Duration warmUp,
                    Duration window, boolean ingest, boolean tracker, List<String> jvmOptions) {
  /** A camera's detection rate in the tracker part, and objects per frame (the goal is stated at 10). */
  static final double TRACKER_FPS = 5;
  static final int OBJECTS = 10;
  /** The ingest part's cameras: 640x360 at 25 fps, sampled for detection at this rate. */
  static final double INGEST_DETECT_FPS = 2;
  /**
   * How {@code bin/vsp ingest}, {@code deploy/k8s/ingest.yaml} and {@code deploy/docker-compose.yml} start an
   * ingest worker (DeployedIngestJvmTest keeps them alike), so that the ingest part measures it as deployed.
   */
  static final List<String> INGEST_JVM = List.of("-XX:+UseSerialGC", "-Xms32m");
  static final Map<String, String> INGEST_ENV = Map.of("MALLOC_ARENA_MAX", "2");

  static final String USAGE = String.join("\n",
      "usage: bench/run fleet [--cameras 10,20,40] [--tracker-cameras 100,300,1000] [--runs N]",
      "                       [--warmup S] [--window S] [--only ingest|tracker] [--jvm-opts 'OPTS'] [--work DIR]",
      "  --cameras L           ingest part: camera counts on one ingest worker (default 10,20,40)",
      "  --tracker-cameras L   tracker part: camera counts fed to one sink at 5 fps, 10 objects (default 100,300,1000)",
      "  --runs N              passes per size; sizes take turns within a run (default 3)",
      "  --warmup S            seconds from the service's first output to the window (default 20)",
      "  --window S            seconds measured per pass (default 30)",
      "  --only PART           ingest or tracker",
      "  --jvm-opts 'OPTS'     options of the service JVMs, space separated, e.g. '-Xmx256m' (default none, as bin/vsp)",
      "  --work DIR            folder for the camera file, configs and logs (default bench/target/fleet-bench)");

  static FleetOptions parse(String[] args) {
    Path work = Path.of("bench", "target", "fleet-bench");
    List<Integer> cameras = List.of(10, 20, 40);
    List<Integer> trackerCameras = List.of(100, 300, 1000);
    int runs = 3;
    Duration warmUp = Duration.ofSeconds(20);
    Duration window = Duration.ofSeconds(30);
    boolean ingest = true;
    boolean tracker = true;
    List<String> jvmOptions = List.of();
    Options option = new Options(args);
    while (option.next()) {
      switch (option.name()) {
        case "--work" -> work = option.path();
        case "--cameras" -> cameras = option.numbers(1, 200);
        case "--tracker-cameras" -> trackerCameras = option.numbers(1, 20_000);
        case "--runs" -> runs = option.number(1, 20);
        case "--warmup" -> warmUp = option.seconds(0, 600);
        case "--window" -> window = option.seconds(5, 600);
        case "--only" -> {
          String part = option.oneOf("ingest", "tracker");
          ingest = part.equals("ingest");
          tracker = part.equals("tracker");
        }
        case "--jvm-opts" -> jvmOptions = option.words();
        default -> throw option.unknown();
      }
    }
    return new FleetOptions(work, cameras, trackerCameras, runs, warmUp, window, ingest, tracker, jvmOptions);
  }

  /** The ingest worker's JVM options: {@code --jvm-opts}, or as deployed. */
  List<String> ingestJvm() {
    return jvmOptions.isEmpty() ? INGEST_JVM : jvmOptions;
  }
}
