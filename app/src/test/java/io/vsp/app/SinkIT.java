package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.app.demo.Scene;
import io.vsp.app.demo.SceneObject;
import io.vsp.app.demo.SceneVideo;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.testkit.HeadlessChromium;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.RtspServer;
import io.vsp.common.wire.Json;
import io.vsp.common.wire.MediaHeaders;
import io.vsp.detector.DetectorService;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.SynthSpec;
import io.vsp.ingest.IngestService;
import io.vsp.sink.clips.BoxStyle;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink's acceptance on real parts: a generated scene (GOP 1 s) served over RTSP to three cameras with
 * different filters → ingest → detector (synthetic model) → two sinks sharing the work and the store, each its
 * own process, one SIGKILLed in the middle of the person's event and restarted → events exactly once, clips
 * checked through FFmpeg, the page in headless Chromium.
 */
class SinkIT {
  private static final String TOKEN = "s3cret-token";
  private static final double SCENE_S = Scene.acceptance().durationS();

  @TempDir
  Path dir;

  @Test
  void camerasBecomeTrackedEventsAndAnnotatedClipsThatABrowserPlays() throws Exception {
    Scene scene = Scene.acceptance();
    Path video = SceneVideo.write(scene, dir.resolve("scene.mp4"));
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, InputType.UINT8, 4, 640), model);
    int httpPort = freePort();
    Path store = dir.resolve("store");
    try (RtspServer rtsp = RtspServer.builder().mountFile("/door", video, true).mountFile("/cars", video, true)
        .mountFile("/picky", video, true).start()) {
      String bootstrap = KafkaBroker.shared().bootstrap();
      Path config = Files.writeString(dir.resolve("vsp.yaml"), """
          kafka: {bootstrap: "%s", topicPrefix: sinkit., partitions: 2}
          cameras:
            - {id: door, url: "%s", detect: {fps: 5, maxWidth: 640}, zones: {door: %s}, masks: [%s]}
            - {id: cars, url: "%s", detect: {fps: 5, maxWidth: 640}, labels: [car]}
            - {id: picky, url: "%s", detect: {fps: 5, maxWidth: 640}, minScore: 0.95}
          ingest: {metricsPort: 0}
          detector: {metricsPort: 0, model: "%s", batch: {max: 4, maxWait: 20ms}, maxFrameAge: 5s}
          sink:
            metricsPort: 0
            http: {port: %d, token: "%s"}
            store: {dir: "%s"}
            clips: {preRoll: 2s, postRoll: 2s}
          """.formatted(bootstrap, rtsp.url("/door"), polygon(Scene.DOOR_ZONE), polygon(Scene.ACCEPTANCE_MASK),
          rtsp.url("/cars"), rtsp.url("/picky"), model, httpPort, TOKEN, store));
      VspConfig cfg = ConfigLoader.load(config);
      // a second sink sharing the work (Streams tasks, clipper partitions) and the store, on its own page port
      int otherPort = freePort();
      Path otherConfig = Files.writeString(dir.resolve("vsp-other.yaml"),
          Files.readString(config).replace("port: " + httpPort + ",", "port: " + otherPort + ","));
      var fatal = new CopyOnWriteArrayList<Throwable>();
      JavaProcess sink = sink(config, "s1", 1);
      JavaProcess other = sink(otherConfig, "s2", 1);
      try {
        awaitHealthy(httpPort, sink);
        awaitHealthy(otherPort, other);
        try (DetectorService detector = new DetectorService(cfg, "sinkit", new PrometheusRegistry(), fatal::add);
             IngestService ingest = new IngestService(cfg, "sinkit", 1, new PrometheusRegistry(), fatal::add)) {
          detector.start();
          ingest.start();

          // kill the sink while the person is being tracked: its start is out, its end is not
          awaitRecords(bootstrap, "sinkit.events", all -> all.stream().anyMatch(r -> "door".equals(key(r))
              && "person".equals(json(r).get("label").asText())), Duration.ofSeconds(240), true);
          sink.sigkill();
          sink.waitFor(Duration.ofSeconds(10));
          sink = sink(config, "s1", 2);

          // first loop of the scene: ends of door's person and car, and cars' car, each with a clip
          var clips = awaitRecords(bootstrap, "sinkit.clips", all -> all.size() >= 3, Duration.ofSeconds(300), true);
          assertThat(fatal).isEmpty();
          Map<String, Long> sceneStart = sceneStarts(bootstrap);
          // every event committed so far (the ends of those clips among them); a single poll may return a part
          var events = firstLoop(consumeAll(bootstrap, "sinkit.events", Duration.ZERO, true), sceneStart);
          Map<String, List<Double>> processed = processedFrameTimes(bootstrap, scene, sceneStart);
          events.forEach(r -> JsonSchemas.assertValid("events", r.value()));
          clips.forEach(r -> JsonSchemas.assertValid("clips", r.value()));

          SceneObject person = scene.objects().stream().filter(o -> o.label().equals("person")).findFirst().orElseThrow();
          SceneObject car = scene.objects().stream().filter(o -> o.label().equals("car")).findFirst().orElseThrow();
          // door: person (through the door zone) and car; the dog stays inside the mask
          assertInferred(scene, person, "door", processed.get("door"));
          assertInferred(scene, car, "door", processed.get("door"));
          assertInferred(scene, car, "cars", processed.get("cars"));
          Map<String, List<JsonNode>> door = byEvent(events, "door");
          assertThat(labels(door)).containsExactlyInAnyOrder("person", "car");
          JsonNode personEnd = assertOneLifecycle(door, "person", scene, person, sceneStart.get("door"),
              processed.get("door"));
          assertOneLifecycle(door, "car", scene, car, sceneStart.get("door"), processed.get("door"));
          assertThat(door.get(personEnd.get("id").asText()))
              .anySatisfy(e -> assertThat(e.get("zones").toString()).contains("door"));
          // cars: labels [car] leave the person out
          Map<String, List<JsonNode>> cars = byEvent(events, "cars");
          assertThat(labels(cars)).containsExactly("car");
          assertOneLifecycle(cars, "car", scene, car, sceneStart.get("cars"), processed.get("cars"));
          // picky: minScore 0.95 above the synthetic model's 0.9: nothing confirmed
          assertThat(byEvent(events, "picky")).isEmpty();

          // one clip per ended event, one file each in the store, even across the sink's SIGKILL
          List<String> endIds = events.stream().map(SinkIT::json).filter(e -> e.get("type").asText().equals("end"))
              .map(e -> e.get("id").asText()).sorted().toList();
          assertThat(clips.stream().map(r -> json(r).get("id").asText()).sorted().toList()).isEqualTo(endIds);
          try (Stream<Path> files = Files.walk(store.resolve("clips"))) {
            // (a later loop's clip may be in the making: only this loop's ids count)
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                .filter(name -> endIds.stream().anyMatch(id -> name.startsWith(id + ".") || name.contains("." + id + ".")))
                .sorted().toList())
                .isEqualTo(endIds.stream().map(id -> id + ".mp4").toList());
          }

          String personId = personEnd.get("id").asText();
          JsonNode personClip = clips.stream().map(SinkIT::json).filter(c -> c.get("id").asText().equals(personId))
              .findFirst().orElseThrow();
          Path clipFile = store.resolve(personClip.get("path").asText());
          // a frame the detector inferred with the person in it, from 4 s on (or from the first such frame after)
          double personStartS = (micros(personEnd.get("startTs").asText()) - sceneStart.get("door")) / 1e6;
          double detectedS = processed.get("door").stream()
              .filter(t -> t >= Math.max(4.0, personStartS) - 1e-6 && scene.boxAt(person, t) != null)
              .findFirst().orElseThrow(() -> new AssertionError("no processed door frame shows the person from "
                  + Math.max(4.0, personStartS) + " s: " + processed.get("door")));
          assertClipFile(clipFile, personEnd, personClip, scene, person, sceneStart.get("door"), detectedS);
          assertHttp(httpPort, personId, clipFile);
          assertPageInChromium(httpPort, endIds, personId, personClip, scene, person, sceneStart.get("door"),
              detectedS + 0.12);
        }
      } finally {
        sink.close();
        other.close();
      }
    }
  }

  // ---- the scene's truth ----

  /** Capture time (epoch µs) of each camera's scene start: its first video record is the scene's frame 0. */
  private static Map<String, Long> sceneStarts(String bootstrap) {
    var video = awaitRecords(bootstrap, "sinkit.video", all -> Stream.of("door", "cars", "picky")
        .allMatch(c -> all.stream().anyMatch(r -> c.equals(key(r)))), Duration.ofSeconds(10), true);
    return video.stream().collect(Collectors.toMap(r -> key(r),
        r -> Long.parseLong(header(r, MediaHeaders.TS)), Math::min));
  }

  /**
   * Scene times (s, on the 25 fps grid) of the frames the detector really inferred per camera in the first
   * loop, in order: its {@code processed} detections records. Ingest drops sampled frames while JPEG
   * encoding is behind the camera and the detector marks frames older than {@code maxFrameAge} stale (a busy
   * machine, JVMs still warming up), so the tracker's truth is what was inferred, not every 5 fps sample.
   * Waits until each camera's detections reach past the scene's last object.
   */
  private static Map<String, List<Double>> processedFrameTimes(String bootstrap, Scene scene,
                                                               Map<String, Long> sceneStart) {
    double lastGoneS = scene.objects().stream().mapToDouble(o -> visibleSpan(scene, o)[1]).max().orElseThrow() + 0.5;
    var detections = awaitRecords(bootstrap, "sinkit.detections", all -> sceneStart.keySet().stream()
        .allMatch(c -> all.stream().anyMatch(r -> c.equals(camera(r)) && sceneSeconds(scene, r, sceneStart) > lastGoneS)),
        Duration.ofSeconds(60), true);
    return detections.stream().filter(r -> "processed".equals(json(r).get("status").asText()))
        .filter(r -> sceneSeconds(scene, r, sceneStart) < SCENE_S)
        .collect(Collectors.groupingBy(SinkIT::camera, Collectors.mapping(r -> sceneSeconds(scene, r, sceneStart),
            Collectors.collectingAndThen(Collectors.toList(), l -> l.stream().sorted().toList()))));
  }

  private static String camera(ConsumerRecord<byte[], byte[]> detections) {
    return json(detections).get("camera").asText();
  }

  /** A detections record's capture time in scene seconds, on the scene's frame grid. */
  private static double sceneSeconds(Scene scene, ConsumerRecord<byte[], byte[]> detections,
                                     Map<String, Long> sceneStart) {
    double s = (micros(json(detections).get("ts").asText()) - sceneStart.get(camera(detections))) / 1e6;
    return scene.frameTime((int) Math.round(s * scene.fps()));
  }

  /**
   * The tracker can only confirm what the detector inferred: at least {@code minHits} (2) processed frames
   * must show the object, else the machine was too busy for this run to say anything about the tracker.
   */
  private static void assertInferred(Scene scene, SceneObject object, String camera, List<Double> processed) {
    assertThat(processed.stream().filter(t -> scene.boxAt(object, t) != null).count())
        .as("processed %s frames showing the %s in the first loop (the machine too busy? processed: %s)",
            camera, object.label(), processed)
        .isGreaterThanOrEqualTo(2);
  }

  private static List<ConsumerRecord<byte[], byte[]>> firstLoop(List<ConsumerRecord<byte[], byte[]>> events,
                                                              Map<String, Long> sceneStart) {
    return events.stream().filter(r -> micros(json(r).get("startTs").asText())
        < sceneStart.get(key(r)) + (long) (SCENE_S * 1e6)).toList();
  }

  /**
   * Exactly one start and one end, in order, with startTs/endTs within 0.5 s of the truth (the first and
   * last processed frames that show the object); returns the end.
   */
  private static JsonNode assertOneLifecycle(Map<String, List<JsonNode>> events, String label, Scene scene,
                                             SceneObject object, long sceneStartUs, List<Double> processed) {
    List<List<JsonNode>> lifecycles = events.values().stream()
        .filter(list -> list.get(0).get("label").asText().equals(label)).toList();
    assertThat(lifecycles).as(label + " events").hasSize(1);
    List<JsonNode> records = lifecycles.get(0);
    assertThat(records.stream().filter(e -> e.get("type").asText().equals("start")).count()).isEqualTo(1);
    assertThat(records.stream().filter(e -> e.get("type").asText().equals("end")).count()).isEqualTo(1);
    assertThat(records.get(0).get("type").asText()).isEqualTo("start");
    JsonNode end = records.get(records.size() - 1);
    assertThat(end.get("type").asText()).isEqualTo("end");
    assertThat(end.get("endReason").asText()).isEqualTo("lost");
    List<Double> shown = processed.stream().filter(t -> scene.boxAt(object, t) != null).toList();
    double[] visible = {shown.get(0), shown.get(shown.size() - 1)};
    double startS = (micros(end.get("startTs").asText()) - sceneStartUs) / 1e6;
    double endS = (micros(end.get("endTs").asText()) - sceneStartUs) / 1e6;
    assertThat(startS).as(label + " startTs in scene seconds").isBetween(visible[0] - 0.5, visible[0] + 0.5);
    assertThat(endS).as(label + " endTs in scene seconds").isBetween(visible[1] - 0.5, visible[1] + 0.5);
    return end;
  }

  /** First and last frame times at which the object is visible. */
  private static double[] visibleSpan(Scene scene, SceneObject object) {
    double first = Double.NaN;
    double last = Double.NaN;
    for (int n = 0; n < scene.frameCount(); n++) {
      if (scene.boxAt(object, scene.frameTime(n)) != null) {
        first = Double.isNaN(first) ? scene.frameTime(n) : first;
        last = scene.frameTime(n);
      }
    }
    return new double[] {first, last};
  }

  // ---- the clip ----

  /** {@code detectedS}: scene time of a processed frame that shows the person, within its event. */
  private static void assertClipFile(Path clip, JsonNode end, JsonNode record, Scene scene, SceneObject person,
                                     long sceneStartUs, double detectedS) throws Exception {
    JsonNode stream = ClipProbe.videoStream(clip);
    assertThat(stream.get("codec_name").asText()).isEqualTo("h264");
    assertThat(stream.get("pix_fmt").asText()).isEqualTo("yuv420p");
    assertThat(stream.get("r_frame_rate").asText()).isEqualTo("25/1");
    assertThat(ClipProbe.topLevelBoxes(clip)).containsSubsequence("moov", "mdat");
    assertThat(ClipProbe.decodeErrors(clip)).isEmpty();
    double expected = 2 + (micros(end.get("endTs").asText()) - micros(end.get("startTs").asText())) / 1e6 + 2;
    // the clip starts at startTs − preRoll (frames from the keyframe before it are decoded, not written)
    assertThat(ClipProbe.durationSeconds(clip)).isBetween(expected - 2.0 / 25, expected + 2.0 / 25);
    assertThat(record.get("frames").asInt()).isEqualTo(stream.get("nb_read_frames").asInt());

    // the box follows the person on every frame: at a detected frame and at frames between detections
    int width = stream.get("width").asInt();
    int height = stream.get("height").asInt();
    long clipStartUs = micros(record.get("startTs").asText());
    int[] colour = BoxStyle.rgb("person");
    for (double sceneS : new double[] {detectedS, detectedS + 0.08, detectedS + 0.12, detectedS + 1.36}) {
      int n = (int) Math.round(((sceneStartUs + sceneS * 1e6) - clipStartUs) / 1e6 * 25);
      double t = (clipStartUs + n * 40_000L - sceneStartUs) / 1e6;
      double[] box = scene.boxAt(person, t);
      assertThat(box).as("the person in the scene at %.2f s (its event starts at %.2f s)", t,
          (micros(end.get("startTs").asText()) - sceneStartUs) / 1e6).isNotNull();
      byte[] rgb = ClipProbe.rgbFrame(clip, n, width, height);
      int topY = (int) Math.round(box[1] * height);
      int midX = (int) Math.round((box[0] + box[2]) / 2 * width);
      assertThat(findColour(rgb, width, height, midX, midX, topY - 8, topY + 8, colour))
          .as("box top edge at scene %.2f s (frame %d)", t, n).isTrue();
      int leftX = (int) Math.round(box[0] * width);
      int midY = (int) Math.round((box[1] + box[3]) / 2 * height);
      assertThat(findColour(rgb, width, height, leftX - 10, leftX + 10, midY, midY, colour))
          .as("box left edge at scene %.2f s (frame %d)", t, n).isTrue();
    }
  }

  private static boolean findColour(byte[] rgb, int width, int height, int x0, int x1, int y0, int y1, int[] c) {
    for (int y = Math.max(0, y0); y <= Math.min(height - 1, y1); y++) {
      for (int x = Math.max(0, x0); x <= Math.min(width - 1, x1); x++) {
        int i = (y * width + x) * 3;
        if (Math.abs((rgb[i] & 0xff) - c[0]) <= 40 && Math.abs((rgb[i + 1] & 0xff) - c[1]) <= 40
            && Math.abs((rgb[i + 2] & 0xff) - c[2]) <= 40) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- HTTP and the page ----

  private static void assertHttp(int port, String id, Path clipFile) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI clip = URI.create("http://127.0.0.1:" + port + "/clips/" + id + ".mp4");
    assertThat(http.send(HttpRequest.newBuilder(clip).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(401);
    HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(clip).header("Authorization", "Bearer " + TOKEN)
        .header("Range", "bytes=100-1123").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(Files.readAllBytes(clipFile), 100, 1124));
  }

  private static void assertPageInChromium(int port, List<String> ids, String personId, JsonNode clip, Scene scene,
                                           SceneObject person, long sceneStartUs, double sceneS) {
    try (HeadlessChromium chromium = HeadlessChromium.start()) {
      chromium.open("http://127.0.0.1:" + port + "/?token=" + TOKEN);
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(((List<?>) chromium.evaluate(
          "[...document.querySelectorAll('[data-event-id]')].map(e => e.dataset.eventId)")).stream()
          .map(String::valueOf).toList()).containsAll(ids));
      // seek the clip to a frame between detections and read the pixel just above the box's top edge
      double clipS = ((sceneStartUs + sceneS * 1e6) - micros(clip.get("startTs").asText())) / 1e6;
      double[] box = scene.boxAt(person, sceneS);
      int[] colour = BoxStyle.rgb("person");
      String js = """
          (async () => {
            const v = document.querySelector('video[data-clip-id="%s"]');
            if (!v) throw new Error('no video element for the clip');
            await new Promise((resolve, reject) => {
              const timer = setTimeout(() => reject(new Error('readyState ' + v.readyState + ' after 30 s')), 30000);
              const check = () => { if (v.readyState >= 4) { clearTimeout(timer); resolve(); } };
              ['loadeddata', 'canplay', 'canplaythrough', 'playing', 'timeupdate'].forEach(e => v.addEventListener(e, check));
              v.addEventListener('error', () => { clearTimeout(timer); reject(new Error('video error ' + v.error.code)); });
              v.play().catch(e => { clearTimeout(timer); reject(e); });
              check();
            });
            const readyState = v.readyState;
            v.pause();
            // a frame between two detections: painted once the seek is done
            await new Promise(resolve => {
              v.addEventListener('seeked', () => {
                const timer = setTimeout(resolve, 2000);
                v.requestVideoFrameCallback(() => { clearTimeout(timer); resolve(); });
              }, {once: true});
              v.currentTime = %f;
            });
            const c = document.createElement('canvas');
            c.width = v.videoWidth; c.height = v.videoHeight;
            const g = c.getContext('2d', {willReadFrequently: true});
            g.drawImage(v, 0, 0);
            const x = Math.round((%f + %f) / 2 * c.width), y = Math.round(%f * c.height);
            const px = g.getImageData(x, y - 8, 1, 17).data;
            const pixels = [];
            for (let i = 0; i < px.length; i += 4) pixels.push([px[i], px[i + 1], px[i + 2]]);
            return {readyState, pixels};
          })()""".formatted(personId, clipS, box[0], box[2], box[1]);
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) chromium.evaluate(js, Duration.ofSeconds(30));
      assertThat(((Number) result.get("readyState")).intValue()).isEqualTo(4);
      @SuppressWarnings("unchecked")
      List<List<Number>> pixels = (List<List<Number>>) result.get("pixels");
      assertThat(pixels).as("pixels across the box's top edge in the browser").anySatisfy(p -> {
        assertThat(p.get(0).intValue()).isCloseTo(colour[0], org.assertj.core.data.Offset.offset(40));
        assertThat(p.get(1).intValue()).isCloseTo(colour[1], org.assertj.core.data.Offset.offset(40));
        assertThat(p.get(2).intValue()).isCloseTo(colour[2], org.assertj.core.data.Offset.offset(40));
      });
    }
  }

  // ---- plumbing ----

  private JavaProcess sink(Path config, String id, int incarnation) {
    return JavaProcess.start(List.of("-Xmx768m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        List.of("sink", "--config", config.toString(), "--instance-id", id), Map.of(),
        dir.resolve("sink-" + id + "-" + incarnation + ".log"));
  }

  private static void awaitHealthy(int port, JavaProcess sink) {
    HttpClient http = HttpClient.newHttpClient();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!sink.isAlive()) {
        throw new AssertionError("sink exited: " + sink.output());
      }
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  private static Map<String, List<JsonNode>> byEvent(List<ConsumerRecord<byte[], byte[]>> events, String camera) {
    return events.stream().filter(r -> camera.equals(key(r))).map(SinkIT::json)
        .collect(Collectors.groupingBy(e -> e.get("id").asText(), java.util.LinkedHashMap::new, Collectors.toList()));
  }

  private static List<String> labels(Map<String, List<JsonNode>> events) {
    return events.values().stream().map(list -> list.get(0).get("label").asText()).toList();
  }

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    return Json.read(r.value(), JsonNode.class);
  }

  private static long micros(String ts) {
    Instant i = Instant.parse(ts);
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  private static String polygon(double[][] points) {
    return Arrays.stream(points).map(p -> "[" + p[0] + ", " + p[1] + "]").collect(Collectors.joining(", ", "[", "]"));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
