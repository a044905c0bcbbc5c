package io.vsp.app;

import io.vsp.app.demo.DemoSummary;
import io.vsp.app.demo.EmbeddedBroker;
import io.vsp.app.demo.EventLatencyProbe;
import io.vsp.app.demo.Scene;
import io.vsp.app.demo.SceneVideo;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.Durations;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import io.vsp.ingest.camera.StreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vsp demo}: the whole mission in one JVM with nothing installed but a JDK. An embedded Kafka broker,
 * the generated synthetic model, and a synthetic camera (a generated H.264 file of coloured objects, played
 * at real time and looped through the ingest code) feed ingest → detector → sink. At the end (after
 * {@code --duration}, or Ctrl-C) the camera stops, open events end ({@code endReason: shutdown}), their clips
 * are finished, and a summary is printed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run everything in one process on an embedded Kafka broker and a synthetic camera.")
final class DemoCommand implements Callable<Integer> {
  static final String PREFIX = "demo.";
  static final String CAMERA = "demo";

  @Option(names = "--duration", description = "Stop after this long, e.g. 60s or 5m (default: until Ctrl-C).")
  String duration;

  @Option(names = "--out", defaultValue = "vsp-demo",
      description = "Folder for the model, the camera's video, clips and snapshots (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--http-port", defaultValue = "8080", description = "Port of the page (default: ${DEFAULT-VALUE}; 0: any free port).")
  int httpPort;

  @Option(names = "--metrics-port", defaultValue = "9101", description = "Metrics port of ingest; detector and sink use "
      + "the next two (default: ${DEFAULT-VALUE}; 0: any free ports).")
  int metricsPort;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter say = spec.commandLine().getOut();
    Duration runFor = duration == null ? null : Durations.parse(duration);
    Path dir = Files.createDirectories(out.toAbsolutePath().normalize());
    say.println("VSP demo: generating the synthetic model and camera video in " + dir);
    say.flush();
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, InputType.UINT8, 4, 640), model);
    Path video = SceneVideo.write(Scene.demo(), dir.resolve("camera.mp4"));

    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown(); // Ctrl-C: finish like the end of --duration, then leave with status 0
      try {
        finished.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(0);
    }, "demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (EmbeddedBroker broker = EmbeddedBroker.start()) {
      Path config = Files.writeString(dir.resolve("vsp-demo.yaml"), config(broker.bootstrap(), video, model, dir));
      VspConfig cfg = ConfigLoader.load(config);
      double[] eventLatency;
      try (AllInOne services = new AllInOne(cfg, "demo", e -> stop.countDown())) {
        services.start();
        EventLatencyProbe probe = new EventLatencyProbe(broker.bootstrap(), PREFIX + "events");
        say.printf("%nVSP demo running (config %s)%n", config);
        say.printf("  page:    http://127.0.0.1:%d/%n", services.sink.httpPort());
        say.printf("  metrics: http://127.0.0.1:%d/metrics (ingest), http://127.0.0.1:%d/metrics (detector), "
            + "http://127.0.0.1:%d/metrics (sink)%n", services.ingest.metricsPort(), services.detector.metricsPort(),
            services.sink.metricsPort());
        say.printf("  clips:   %s%n", dir.resolve("clips"));
        say.println(runFor == null ? "Ctrl-C ends the demo." : "Ending in " + Durations.format(runFor) + " (or Ctrl-C).");
        say.flush();
        if (runFor == null) {
          stop.await();
        } else {
          stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
        }
        say.println("Ending: camera stopped, closing open events and finishing their clips...");
        say.flush();
        eventLatency = probe.startLatency(); // before the shutdown ends: those are not live
        probe.close();
        services.stopIngest();
        endOpenEvents(cfg, services, broker.bootstrap());
      }
      DemoSummary summary = DemoSummary.read(broker.bootstrap(), PREFIX);
      say.println("VSP demo summary:");
      summary.print(say);
      say.printf("start-event latency (capture of the confirming frame to start readable) p50 %.0f ms, p99 %.0f ms "
          + "over %d events%n", eventLatency[0], eventLatency[1], (long) eventLatency[2]);
      summary.progress().clipPaths().forEach(p -> say.println("  clip " + dir.resolve(p)));
      say.flush();
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down (Ctrl-C): the hook halts once we return
      }
    }
    return 0;
  }

  /**
   * Waits for the detector to catch up with the frames, tells the tracker the camera is gone for good
   * ({@code offline}, reason {@code shutdown}: events end with {@code endReason: shutdown}), then waits for
   * every ended event's clip.
   */
  private static void endOpenEvents(VspConfig cfg, AllInOne services, String bootstrap) throws InterruptedException {
    services.awaitDetectorCaughtUp(Duration.ofSeconds(20));
    KafkaClients clients = new KafkaClients(bootstrap, cfg.kafka().properties());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.producer("vsp-demo"),
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      CameraStatus offline = new CameraStatus(1, CAMERA, CameraStatus.OFFLINE, Json.timestamp(Instant.now()),
          "shutdown: demo ended", "demo");
      producer.send(new ProducerRecord<>(PREFIX + "status", CAMERA.getBytes(StandardCharsets.UTF_8),
          Json.write(offline)));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !DemoSummary.progress(bootstrap, PREFIX).allClipped()) {
      Thread.sleep(500); // polling a condition in product code, not a test
    }
  }

  private String config(String bootstrap, Path video, Path model, Path dir) {
    return """
        # written by `vsp demo`: the configuration it runs
        kafka: {bootstrap: "%s", topicPrefix: %s, partitions: 1}
        cameras:
          - id: %s
            url: "file://%s%s"
            detect: {fps: 5, maxWidth: 1280}
            zones: {door: %s}
        ingest: {metricsPort: %d}
        detector:
          metricsPort: %d
          model: "%s"
          batch: {max: 4, maxWait: 50ms}
        sink:
          metricsPort: %d
          http: {port: %d}
          store: {dir: "%s"}
        """.formatted(bootstrap, PREFIX, CAMERA, video, StreamReader.LIVE, polygon(Scene.DOOR_ZONE), metricsPort,
        metricsPort == 0 ? 0 : metricsPort + 1, model, metricsPort == 0 ? 0 : metricsPort + 2, httpPort, dir);
  }

  private static String polygon(double[][] points) {
    return Arrays.stream(points).map(p -> "[" + p[0] + ", " + p[1] + "]").collect(Collectors.joining(", ", "[", "]"));
  }
}
