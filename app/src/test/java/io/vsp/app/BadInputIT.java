package io.vsp.app;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.inbound.Reason;
import io.vsp.common.testkit.JavaProcess;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.testkit.KafkaBroker;
import io.vsp.common.testkit.KafkaTestClient;
import io.vsp.common.testkit.Metrics;
import io.vsp.common.testkit.RtspServer;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.synth.ModelKind;
import io.vsp.detector.synth.ModelSynth;
import io.vsp.detector.synth.Palette;
import io.vsp.detector.synth.SynthSpec;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's bad-input acceptance on real parts: ingest (one real RTSP camera), detector (synthetic model) and
 * sink each run as their own process on a real broker, while the test writes every malformed kind of record
 * between good ones to {@code frames}, {@code detections}, {@code events}, {@code video} and {@code status}.
 * All three keep running; every frames record gets exactly one detections record ({@code corrupt} for the bad,
 * {@code processed} for the good); camera {@code yard}, which once sent a year-2100 frame, still gets events from
 * its later good frames; every bad record is counted by reason in {@code vsp_invalid_records_total} of the
 * service that read it.
 *
 * <p>What the counts are, per service: the detector counts each bad {@code frames} record once. In the sink, the
 * tracker counts each bad {@code detections} and {@code status} record once; {@code events} are read by two
 * readers, the clipper and the page index, so each bad event counts twice. {@code video} is read only when a clip
 * is cut: the test sends one valid {@code end} event of camera {@code reel} whose footage holds the garbage units
 * (valid headers, random bytes: the clip builder must refuse them without harm) and {@link #HEADERLESS} units
 * without headers; each scan of that footage meets all of them, so {@code bad_header} on {@code video} is a
 * positive multiple of {@link #HEADERLESS} (one scan, unless the clipper re-reads the event after a rebalance).
 * No clip comes of that footage.
 */
class BadInputIT {
  private static final Pattern INVALID = Pattern.compile("^vsp_invalid_records_total\\{(.*)}$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final int HEADERLESS = 3;
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration OUTCOME = Duration.ofSeconds(180);

  @TempDir
  Path dir;

  private final Random random = new Random(9);

  @Test
  void malformedRecordsAreAnsweredOrSkippedAndCountedWhileEveryServiceKeepsRunning() throws Exception {
    Path model = dir.resolve("synthetic.onnx");
    ModelSynth.write(new SynthSpec(ModelKind.SYNTHETIC, OutputFormat.BATCH, InputType.UINT8, 2, 640), model);
    String bootstrap = KafkaBroker.shared().bootstrap();
    String prefix = "bad" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + ".";
    // the live camera shows black only: ingest runs for real, but nothing of it is tracked or clipped
    try (RtspServer rtsp = RtspServer.builder().mount("/live", "h264:320x240@10:gop=10:pattern=black").start()) {
      Path config = Files.writeString(dir.resolve("vsp.yaml"), """
          kafka: {bootstrap: "%s", topicPrefix: "%s", partitions: 2}
          cameras:
            - {id: live, url: "%s", detect: {fps: 2, maxWidth: 640}}
          ingest: {metricsPort: 0}
          detector: {metricsPort: 0, model: "%s", batch: {max: 2, maxWait: 20ms}, maxFrameAge: 10m}
          sink:
            metricsPort: 0
            http: {port: 0}
            store: {dir: "%s"}
            clips: {preRoll: 1s, postRoll: 1s}
          """.formatted(bootstrap, prefix, rtsp.url("/live"), model, dir.resolve("store")));
      try (JavaProcess sink = service("sink", config, "--instance-id", "b1");
           JavaProcess detector = service("detector", config, "--instance-id", "b1");
           JavaProcess ingest = service("ingest", config, "--worker-id", "w1")) {
        List<JavaProcess> all = List.of(ingest, detector, sink);
        Map<JavaProcess, Long> pids = new HashMap<>();
        all.forEach(p -> pids.put(p, p.pid()));
        int sinkMetrics = awaitReady(sink);
        int detectorMetrics = awaitReady(detector);
        awaitReady(ingest);

        Input input = new Input(prefix);
        input.build();
        send(bootstrap, input);

        // every frames record: exactly one detections record, corrupt for the bad, processed for the good
        List<ConsumerRecord<byte[], byte[]>> detections = awaitAnswers(bootstrap, prefix, input, all);
        assertOneAnswerEach(detections, input);
        // ingest's camera goes through the detector too (its first frames may come after the test's on a busy host)
        awaitRecords(bootstrap, prefix + "detections", records -> {
          alive(all);
          return records.stream().anyMatch(r -> "live".equals(key(r))
              && "processed".equals(json(r).path("status").asText()));
        }, OUTCOME, true);

        // yard sent a year-2100 frame first: its later good frames still start events, person and car
        long firstGoodUs = input.firstGoodAfter2100Us;
        var events = awaitRecords(bootstrap, prefix + "events", records -> {
          alive(all);
          return startsOf(records, "yard").containsAll(List.of("person", "car"));
        }, OUTCOME, true);
        events.stream().filter(r -> "yard".equals(key(r))).map(BadInputIT::jsonOrNull)
            .filter(e -> e != null && e.path("type").asText().equals(Event.START))
            .forEach(e -> assertThat(Json.parseMicros(e.get("startTs").asText())).as("startTs of %s", e)
                .isGreaterThanOrEqualTo(firstGoodUs));

        // every bad record counted by reason in the service that read it
        await().atMost(OUTCOME).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          alive(all);
          assertThat(invalid(detectorMetrics, "detector")).isEqualTo(input.expectedDetector());
          Map<String, Double> counted = invalid(sinkMetrics, "sink");
          double video = counted.getOrDefault("video/bad_header", 0.0);
          assertThat(video).as("video/bad_header: a positive multiple of %d", HEADERLESS)
              .isGreaterThanOrEqualTo(HEADERLESS).matches(v -> v % HEADERLESS == 0);
          counted.put("video/bad_header", (double) HEADERLESS);
          assertThat(counted).isEqualTo(input.expectedSink());
          // reel's garbage footage (and yard's, which has none) make no clip; the clipper goes on
          Map<String, Double> clips = Metrics.scrape(sinkMetrics);
          assertThat(clips.get("vsp_sink_clips_total{outcome=\"ok\"}")).isZero();
          assertThat(clips.get("vsp_sink_clips_total{outcome=\"failed\"}")
              + clips.get("vsp_sink_clips_total{outcome=\"empty\"}")).isPositive();
        });
        assertThat(KafkaTestClient.consumeAll(bootstrap, prefix + "clips", Duration.ofSeconds(2), true)).isEmpty();

        // later still: no second answer has appeared for any frame
        assertOneAnswerEach(awaitAnswers(bootstrap, prefix, input, all), input);
        for (JavaProcess p : all) {
          assertThat(p.isAlive()).as("%s alive; output:%n%s", p, p.output()).isTrue();
          assertThat(p.pid()).isEqualTo(pids.get(p));
        }
        assertThat(Metrics.status(detectorMetrics, "/readyz")).isEqualTo(200);
        assertThat(Metrics.status(sinkMetrics, "/readyz")).isEqualTo(200);
      }
    }
  }

  // ---- the input ----

  /** What the test writes, in order, and what it expects of it. */
  private final class Input {
    final String prefix;
    final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    /** Index into records → true for a good frame, false for a bad one; frames records only. */
    final Map<Integer, Boolean> frames = new LinkedHashMap<>();
    final List<RecordMetadata> written = new ArrayList<>();
    final Map<Reason, Integer> badFrames = new TreeMap<>();
    final Map<String, Integer> badSink = new TreeMap<>();
    long firstGoodAfter2100Us;
    private long seq;
    private final long baseUs = System.currentTimeMillis() * 1000 - 10_000_000L;

    Input(String prefix) {
      this.prefix = prefix;
    }

    void build() throws IOException {
      byte[] person = jpeg(Palette.entries().get(0), 100, 80, 160, 120); // red: person
      byte[] car = jpeg(Palette.entries().get(1), 420, 220, 160, 100); // green: car

      // yard's first record is a frame from the year 2100
      badFrame(Reason.CLOCK_SKEW, "yard", person, headers(Map.of("vsp.ts", Json.parseMicros("2100-01-01T00:00:00Z") + "")));
      firstGoodAfter2100Us = slotUs();
      goodFrame(person);
      badFrame(Reason.BAD_TIME, "yard", person, headers(Map.of("vsp.ts", "-5000000")));
      goodFrame(person);
      badFrame(Reason.BAD_TIME, "yard", person, headers(Map.of("vsp.ts", "0")));
      goodFrame(person);
      badFrame(Reason.BAD_HEADER, "yard", person, headers(Map.of("vsp.ts", "soon")));
      goodFrame(person);
      badFrame(Reason.TOO_LARGE, "yard", claiming(person, 30000, 30000), headers(Map.of()));
      goodFrame(person);
      badFrame(Reason.BAD_IMAGE, "yard", png(), headers(Map.of()));
      goodFrame(person);
      badFrame(Reason.BAD_HEADER, "yard", person, Map.of());
      goodFrame(person);
      badFrame(Reason.EMPTY, "yard", new byte[0], headers(Map.of()));
      goodFrame(person);
      byte[] noise = new byte[7_000_000];
      random.nextBytes(noise);
      noise[0] = 0; // never a JPEG's start-of-image marker
      badFrame(Reason.BAD_IMAGE, "yard", noise, headers(Map.of()));
      goodFrame(person);
      badFrame(Reason.BAD_KEY, "Yard Camera!", person, headers(Map.of()));
      goodFrame(person);

      // detections: the tracker skips each before it touches yard's tracks
      raw("detections", "yard", "{\"v\": 1, \"camera\": \"yard\", ".getBytes(StandardCharsets.UTF_8));
      badSink("detections", Reason.BAD_JSON);
      detections("yard", Reason.BAD_BOX, ts(slotUs()), List.of(box(Double.NaN, 0.1, 0.2, 0.3)));
      detections("yard", Reason.BAD_BOX, ts(slotUs()), List.of(box(-0.1, 0.1, 0.2, 0.3)));
      detections("yard", Reason.BAD_BOX, ts(slotUs()), List.of(box(0.1, 0.1, 1e300, 0.3)));
      detections("Yard Camera!", Reason.BAD_KEY, ts(slotUs()), List.of(box(0.1, 0.1, 0.2, 0.3)));
      detections("yard", Reason.TOO_LARGE, ts(slotUs()), Collections.nCopies(50_000, box(0.1, 0.1, 0.2, 0.3)));
      detections("yard", Reason.BAD_TIME, "1969-12-31T23:59:59Z", List.of(box(0.1, 0.1, 0.2, 0.3)));
      detections("yard", Reason.CLOCK_SKEW, "2100-01-01T00:00:00Z", List.of(box(0.1, 0.1, 0.2, 0.3)));
      // status
      raw("status", "yard", "not json".getBytes(StandardCharsets.UTF_8));
      badSink("status", Reason.BAD_JSON);
      // events: read by the clipper and by the page index, so counted twice
      String startTs = ts(slotUs());
      raw("events", "yard", Json.write(endEvent("yard", startTs, null, null)));
      badSink("events", Reason.BAD_JSON, 2);
      raw("events", "yard", Json.write(endEvent("yard", startTs, ts(slotUs()),
          new Event.Best(startTs, 0.9, new double[] {0.1, 0.1, 0.2, 0.2}, 0, -1))));
      badSink("events", Reason.BAD_JSON, 2);
      raw("events", "yard", "{\"v\": 1, \"id\": ".getBytes(StandardCharsets.UTF_8));
      badSink("events", Reason.BAD_JSON, 2);
      footage();

      // yard's last frames show a car elsewhere: a new track, a second start
      goodFrame(car);
      goodFrame(car);
      goodFrame(car);
    }

    /**
     * Camera reel's footage, garbage only, and one valid end event whose clip scans it once: from a keyframe at
     * the clip's start to a unit after its end, with {@link #HEADERLESS} units without headers in between.
     */
    private void footage() {
      long t0 = System.currentTimeMillis() * 1000 - 30_000_000L;
      unit(t0, true);
      for (int i = 0; i < HEADERLESS; i++) {
        byte[] junk = new byte[500];
        random.nextBytes(junk);
        records.add(new ProducerRecord<>(prefix + "video", null, t0 / 1000 + 100 + i * 500L,
            "reel".getBytes(StandardCharsets.UTF_8), junk));
        unit(t0 + 500_000L * (i + 1), false);
      }
      unit(t0 + 10_000_000L, false); // after the clip's end: the scan stops here
      badSink("video", Reason.BAD_HEADER, HEADERLESS);
      records.add(KafkaTestClient.record(prefix + "events", "reel", Json.write(new Event(1, "reel-0-0", Event.END,
          Event.OFFLINE, "reel", 1, "person", 0.9, 0.9, new double[] {0.1, 0.1, 0.2, 0.2}, List.of(),
          ts(t0 + 1_000_000L), ts(t0 + 2_000_000L), ts(t0 + 2_000_000L), null, null, null, null)), Map.of()));
    }

    /** An access unit with valid headers and random bytes. */
    private void unit(long tsUs, boolean keyframe) {
      byte[] data = new byte[2000];
      random.nextBytes(data);
      ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(prefix + "video", null, tsUs / 1000,
          "reel".getBytes(StandardCharsets.UTF_8), data);
      Map.of("vsp.camera", "reel", "vsp.session", "r1", "vsp.pts", Long.toString(tsUs), "vsp.dts",
          Long.toString(tsUs), "vsp.ts", Long.toString(tsUs), "vsp.key", keyframe ? "1" : "0", "vsp.codec", "h264",
          "vsp.w", "320", "vsp.h", "240").forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      records.add(r);
    }

    private void goodFrame(byte[] jpeg) {
      long tsUs = slotUs();
      frames.put(records.size(), true);
      records.add(frameRecord("yard", jpeg, tsUs, headers(Map.of("vsp.ts", Long.toString(tsUs)))));
      seq++;
    }

    private void badFrame(Reason reason, String key, byte[] value, Map<String, String> headers) {
      frames.put(records.size(), false);
      records.add(frameRecord(key, value, slotUs(), headers));
      badFrames.merge(reason, 1, Integer::sum);
      seq++;
    }

    /** The frame headers ingest writes for yard's current frame, with some replaced. */
    private Map<String, String> headers(Map<String, String> replaced) {
      Map<String, String> h = new HashMap<>(Map.of("vsp.camera", "yard", "vsp.session", "s1", "vsp.seq",
          Long.toString(seq), "vsp.pts", Long.toString(seq * 200_000L), "vsp.ts", Long.toString(slotUs()), "vsp.w",
          Integer.toString(WIDTH), "vsp.h", Integer.toString(HEIGHT), "vsp.enc", "jpeg"));
      h.putAll(replaced);
      return h;
    }

    /** Capture time of yard's current frame: 5 fps from 10 s before the test began. */
    private long slotUs() {
      return baseUs + seq * 200_000L;
    }

    private ProducerRecord<byte[], byte[]> frameRecord(String key, byte[] value, long tsUs, Map<String, String> h) {
      ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(prefix + "frames", null, tsUs / 1000,
          key.getBytes(StandardCharsets.UTF_8), value);
      h.forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
      return r;
    }

    private void detections(String key, Reason reason, String ts, List<Detections.DetectedBox> objects) {
      Detections d = new Detections(1, "yard", "s1", 0, Detections.PROCESSED, ts, 0,
          new Detections.Frame(0, 1_000_000, WIDTH, HEIGHT), new Detections.Model("test", "none", "fp32"),
          new Detections.Timing(0, 0, 0), objects);
      raw("detections", key, Json.write(d));
      badSink("detections", reason);
    }

    private void raw(String topic, String key, byte[] value) {
      records.add(KafkaTestClient.record(prefix + topic, key, value, Map.of()));
    }

    private void badSink(String topic, Reason reason) {
      badSink(topic, reason, 1);
    }

    private void badSink(String topic, Reason reason, int times) {
      badSink.merge(topic + "/" + reason.label(), times, Integer::sum);
    }

    /** Every reason of {@code frames}, with the count expected of the detector. */
    Map<String, Double> expectedDetector() {
      Map<String, Double> out = new TreeMap<>();
      for (Reason r : Reason.values()) {
        out.put("frames/" + r.label(), (double) badFrames.getOrDefault(r, 0));
      }
      return out;
    }

    /** Every reason of every topic the sink reads, with the count expected of it. */
    Map<String, Double> expectedSink() {
      Map<String, Double> out = new TreeMap<>();
      for (String topic : List.of("detections", "status", "events", "clips", "video", "frames")) {
        for (Reason r : Reason.values()) {
          out.put(topic + "/" + r.label(), (double) badSink.getOrDefault(topic + "/" + r.label(), 0));
        }
      }
      return out;
    }

    /** "partition@offset" of each frames record written → whether it was good. */
    Map<String, Boolean> framesWritten() {
      Map<String, Boolean> out = new LinkedHashMap<>();
      frames.forEach((i, good) -> out.put(written.get(i).partition() + "@" + written.get(i).offset(), good));
      return out;
    }

    /** "partition@offset" of the records the test itself wrote to detections. */
    List<String> detectionsWritten() {
      return IntStream.range(0, records.size()).filter(i -> records.get(i).topic().equals(prefix + "detections"))
          .mapToObj(i -> written.get(i).partition() + "@" + written.get(i).offset()).toList();
    }
  }

  private static Event endEvent(String camera, String startTs, String endTs, Event.Best best) {
    return new Event(1, camera + "-0-1000000", Event.END, Event.LOST, camera, 7, "person", 0.9, 0.9,
        new double[] {0.1, 0.1, 0.2, 0.2}, List.of(), startTs, endTs, endTs != null ? endTs : startTs, null, null,
        best, null);
  }

  private static Detections.DetectedBox box(double x1, double y1, double x2, double y2) {
    return new Detections.DetectedBox("person", 0, 0.9, new double[] {x1, y1, x2, y2});
  }

  /** Sends everything with one producer, in order, and checks every acknowledgement. */
  private static void send(String bootstrap, Input input) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaTestClient.producer(bootstrap)) {
      input.records.forEach(r -> acks.add(producer.send(r)));
      for (Future<RecordMetadata> ack : acks) {
        input.written.add(ack.get(120, TimeUnit.SECONDS));
      }
    }
  }

  // ---- the outcome ----

  /** Detections read committed until every frames record the test wrote has its answer. */
  private static List<ConsumerRecord<byte[], byte[]>> awaitAnswers(String bootstrap, String prefix, Input input,
                                                                  List<JavaProcess> all) {
    var frames = input.framesWritten();
    var own = input.detectionsWritten();
    return awaitRecords(bootstrap, prefix + "detections", records -> {
      alive(all);
      return answers(records, own, prefix).keySet().containsAll(frames.keySet());
    }, OUTCOME, true);
  }

  private static void assertOneAnswerEach(List<ConsumerRecord<byte[], byte[]>> detections, Input input) {
    Map<String, List<JsonNode>> answers = answers(detections, input.detectionsWritten(), input.prefix);
    input.framesWritten().forEach((frame, good) -> {
      List<JsonNode> mine = answers.get(frame);
      assertThat(mine).as("detections records of frames record %s", frame).hasSize(1);
      assertThat(mine.get(0).get("status").asText()).as("status of %s (good: %s)", frame, good)
          .isEqualTo(good ? Detections.PROCESSED : Detections.CORRUPT);
      if (good) {
        assertThat(mine.get(0).get("camera").asText()).isEqualTo("yard");
        assertThat(mine.get(0).get("objects")).as("objects of good frame %s", frame).isNotEmpty();
      }
    });
    detections.stream().filter(r -> !input.detectionsWritten().contains(r.partition() + "@" + r.offset()))
        .forEach(r -> JsonSchemas.assertValid("detections", r.value()));
  }

  /** The detector's detections records by the frames record they answer ("partition@offset"). */
  private static Map<String, List<JsonNode>> answers(List<ConsumerRecord<byte[], byte[]>> records, List<String> own,
                                                    String prefix) {
    Map<String, List<JsonNode>> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (own.contains(r.partition() + "@" + r.offset())) {
        continue; // the test's own bad records
      }
      JsonNode d = json(r);
      JsonNode frame = d.get("frame");
      out.computeIfAbsent(frame.get("partition").asInt() + "@" + frame.get("offset").asLong(), k -> new ArrayList<>())
          .add(d);
    }
    return out;
  }

  private static List<String> startsOf(List<ConsumerRecord<byte[], byte[]>> events, String camera) {
    return events.stream().filter(r -> camera.equals(key(r))).map(BadInputIT::jsonOrNull)
        .filter(e -> e != null && e.path("type").asText().equals(Event.START)).map(e -> e.get("label").asText()).toList();
  }

  /** {@code vsp_invalid_records_total} of one service as "topic/reason" → value. */
  private static Map<String, Double> invalid(int port, String service) {
    Map<String, Double> out = new TreeMap<>();
    Metrics.scrape(port).forEach((series, value) -> {
      Matcher m = INVALID.matcher(series);
      if (m.matches()) {
        Map<String, String> labels = new HashMap<>();
        Matcher l = LABEL.matcher(m.group(1));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
        if (service.equals(labels.get("service"))) {
          out.put(labels.get("topic") + "/" + labels.get("reason"), value);
        }
      }
    });
    return out;
  }

  // ---- processes ----

  private JavaProcess service(String name, Path config, String... args) {
    List<String> command = new ArrayList<>(List.of(name, "--config", config.toString()));
    command.addAll(List.of(args));
    return JavaProcess.start(List.of("-Xmx640m", "-Dlogback.configurationFile=logback.xml"), Main.class.getName(),
        command, Map.of(), dir.resolve(name + ".log"));
  }

  /** Waits for the service's metrics port in its log and for {@code /readyz}; returns the port. */
  private static int awaitReady(JavaProcess p) {
    int port = Metrics.loggedPort(p, START);
    await().atMost(START).pollInterval(Duration.ofMillis(300)).until(() -> {
      alive(List.of(p));
      return Metrics.status(port, "/readyz") == 200;
    });
    return port;
  }

  private static void alive(List<JavaProcess> all) {
    for (JavaProcess p : all) {
      if (!p.isAlive()) {
        throw new AssertionError(p + " exited; output:\n" + p.output());
      }
    }
  }

  // ---- media ----

  private static byte[] jpeg(Palette.Entry colour, int x, int y, int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
    var g = img.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(new Color(colour.rgb()));
    g.fillRect(x, y, w, h);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR), "png", out);
    return out.toByteArray();
  }

  /** A copy of the JPEG whose start-of-frame segment claims another size. */
  private static byte[] claiming(byte[] jpeg, int width, int height) {
    byte[] out = jpeg.clone();
    int i = 2;
    while (i + 9 < out.length) {
      int marker = out[i + 1] & 0xff;
      if (marker >= 0xC0 && marker <= 0xC3) {
        out[i + 5] = (byte) (height >> 8);
        out[i + 6] = (byte) height;
        out[i + 7] = (byte) (width >> 8);
        out[i + 8] = (byte) width;
        return out;
      }
      i += 2 + ((out[i + 2] & 0xff) << 8 | out[i + 3] & 0xff);
    }
    throw new IllegalStateException("no start-of-frame segment");
  }

  // ---- plumbing ----

  private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
    return Json.read(r.value(), JsonNode.class);
  }

  /** The record's JSON, or null for the test's own unparseable records. */
  private static JsonNode jsonOrNull(ConsumerRecord<byte[], byte[]> r) {
    try {
      return json(r);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String ts(long micros) {
    return Json.timestampMicros(micros);
  }
}
