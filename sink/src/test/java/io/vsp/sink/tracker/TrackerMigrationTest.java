package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.testkit.JsonSchemas;
import io.vsp.common.wire.CameraStatus;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upgrade never crashes on old state: a store written by the v1 layout (one JSON value per camera, here
 * {@code tracks-v1-lobby.json}, written by that version after frames 0..5 of a person, a car and a low-score
 * dog) or by layout 2 ({@code tracks-v2-lobby.txt}) is read, carried on and rewritten in the current layout;
 * a state that cannot be read is counted and the camera starts fresh (the topology on Kafka Streams' test
 * driver, its store filled as a changelog restore would).
 */
class TrackerMigrationTest {
  PrometheusRegistry registry = new PrometheusRegistry();
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> detections;
  TestInputTopic<String, byte[]> status;
  TestOutputTopic<String, byte[]> events;
  KeyValueStore<String, byte[]> store;

  @BeforeEach
  void start() {
    driver = driver(registry);
    detections = driver.createInputTopic("detections", new StringSerializer(), new ByteArraySerializer());
    status = driver.createInputTopic("status", new StringSerializer(), new ByteArraySerializer());
    events = driver.createOutputTopic("events", new StringDeserializer(), new ByteArrayDeserializer());
    store = driver.getKeyValueStore(TrackerTopology.STORE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void aV1StateIsCarriedOnAndRewrittenInTheNewLayout() throws IOException {
    store.put(Scene.CAMERA, legacyState());

    frame(6, Scene.person(0.9, 0.16, 0.1, 0.26, 0.4), Scene.object("dog", 0.3, 0.8, 0.1, 0.9, 0.2));
    assertThat(events.readValuesToList()).as("person and car go on: no second start; both moved since told")
        .extracting(v -> read(v).type(), v -> read(v).id())
        .containsExactly(tuple("update", Scene.id(0)), tuple("update", Scene.id(1)));
    assertThat(store.get(Scene.CAMERA)[0]).isEqualTo(StateCodec.LAYOUT);
    assertThat(store.get(TrackStore.key(Scene.CAMERA, 'a', 2))).as("the dog's entry").isNotNull();

    status.pipeInput(Scene.CAMERA, Json.write(new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE,
        Scene.ts(7), "no data for 10s", "w1")));
    List<Event> ends = events.readValuesToList().stream().map(TrackerMigrationTest::read).toList();
    assertThat(ends).extracting(Event::type, Event::id, Event::track, Event::startTs, e -> e.path().size())
        .containsExactly(tuple("end", Scene.id(0), 1L, Scene.ts(0), 7), // 6 points of v1, 1 of layout 2
            tuple("end", Scene.id(1), 2L, Scene.ts(0), 5));
    assertThat(ends.get(0).path().get(6).ts()).isEqualTo(Scene.ts(6));

    frame(8, Scene.person(0.9, 0.5, 0.5, 0.6, 0.9));
    frame(9, Scene.person(0.9, 0.5, 0.5, 0.6, 0.9));
    assertThat(events.readValuesToList()).extracting(v -> read(v).track()).containsExactly(3L); // numbering goes on
    assertThat(dropped()).isZero();
  }

  /**
   * {@code tracks-v2-lobby.txt}: the store (key, tab, value in Base64) that main at 6f7921e, layout 2, wrote
   * for {@link MigrationScene} frames 0..39. The person's path is one sealed entry of 32 points and 8 entries
   * of one point; the car (frames 3..30) is still live with 28 one-point entries.
   */
  @Test
  void aLayout2StateGoesOnAsIfTheSinkHadNeverBeenUpgraded() throws IOException {
    List<String> lines;
    try (InputStream in = TrackerMigrationTest.class.getResourceAsStream("tracks-v2-lobby.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    for (String line : lines) {
      String[] kv = line.split("\t");
      store.put(kv[0], Base64.getDecoder().decode(kv[1]));
    }
    assertThat(store.get(Scene.CAMERA)[0]).isEqualTo(StateCodec.LAYOUT_2);

    List<String> upgraded = lobbyAfterFrame39(detections, status, events);
    assertThat(store.get(Scene.CAMERA)[0]).isEqualTo(StateCodec.LAYOUT);
    try (var left = store.prefixScan(Scene.CAMERA + TrackStore.SEPARATOR, new StringSerializer())) {
      assertThat(left.hasNext()).as("entries of ended tracks, old or new").isFalse();
    }

    try (TopologyTestDriver current = driver(new PrometheusRegistry())) {
      var in = current.createInputTopic("detections", new StringSerializer(), new ByteArraySerializer());
      var out = current.createOutputTopic("events", new StringDeserializer(), new ByteArrayDeserializer());
      for (int n = 0; n < 40; n++) {
        in.pipeInput(Scene.CAMERA, Json.write(MigrationScene.frame(n)));
      }
      out.readValuesToList();
      List<String> never = lobbyAfterFrame39(in, current.createInputTopic("status", new StringSerializer(),
          new ByteArraySerializer()), out);
      assertThat(upgraded).isEqualTo(never);
    }
    List<Event> ends = upgraded.stream().map(v -> read(v.getBytes(StandardCharsets.UTF_8)))
        .filter(e -> e.type().equals("end")).toList();
    assertThat(ends).extracting(Event::id, e -> e.path().size())
        .containsExactly(tuple(Scene.id(3), 28), tuple(Scene.id(0), 60)); // the car ages out before
    assertThat(ends.get(1).path()).extracting(Event.PathPoint::ts)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 60).mapToObj(Scene::ts).toList());
    assertThat(dropped()).isZero();
  }

  /** Frames 40..59 of {@link MigrationScene} and the camera going offline: the events, as JSON text. */
  private static List<String> lobbyAfterFrame39(TestInputTopic<String, byte[]> detections,
      TestInputTopic<String, byte[]> status, TestOutputTopic<String, byte[]> events) {
    for (int n = 40; n < 60; n++) {
      detections.pipeInput(Scene.CAMERA, Json.write(MigrationScene.frame(n)));
    }
    status.pipeInput(Scene.CAMERA, Json.write(new CameraStatus(1, Scene.CAMERA, CameraStatus.OFFLINE,
        Scene.ts(60), "no data for 10s", "w1")));
    return events.readValuesToList().stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void anUnreadableStateIsCountedAndTheCameraStartsFresh() {
    store.put(Scene.CAMERA, new byte[] {7, 1, 2});
    store.put(Scene.CAMERA + "|a000000000fff", new byte[] {1});
    store.put("hall", "{\"v\":9,\"camera\":\"hall\",\"tracks\":[]}".getBytes(StandardCharsets.UTF_8));

    frame(0, Scene.person(0.9, 0.5, 0.5, 0.6, 0.9));
    frame(1, Scene.person(0.9, 0.5, 0.5, 0.6, 0.9));
    Detections mine = Scene.detections(2);
    detections.pipeInput("hall", Json.write(new Detections(1, "hall", mine.session(), mine.seq(), mine.status(),
        mine.ts(), mine.ptsUs(), mine.frame(), mine.model(), mine.timing(), mine.objects())));

    assertThat(events.readValuesToList()).extracting(v -> read(v).track()).containsExactly(1L);
    assertThat(dropped()).isEqualTo(2);
    assertThat(store.get(Scene.CAMERA + "|a000000000fff")).as("a leftover of the unreadable state").isNull();
    assertThat(store.get("hall")[0]).isEqualTo(StateCodec.LAYOUT);
  }

  private static TopologyTestDriver driver(PrometheusRegistry registry) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "migration-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(TrackerTopology.build(Scene.defaults().tracker, "detections", "status", "events",
        Duration.ofSeconds(30), new SinkMetrics(registry, () -> 0), new RecordGate(LimitsConfig.DEFAULTS,
            new InvalidRecords(new PrometheusRegistry(), "sink", "", List.of()))), props,
        Instant.parse("2026-11-27T18:00:05Z"));
  }

  private void frame(int n, Detections.DetectedBox... objects) {
    detections.pipeInput(Scene.CAMERA, Json.write(Scene.detections(n, objects)));
  }

  private double dropped() {
    return registry.scrape().stream().filter(m -> m.getMetadata().getPrometheusName()
        .equals("vsp_sink_tracker_state_dropped")).findFirst().orElseThrow().getDataPoints().stream()
        .mapToDouble(p -> ((io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot) p)
            .getValue()).sum();
  }

  static byte[] legacyState() throws IOException {
    try (InputStream in = TrackerMigrationTest.class.getResourceAsStream("tracks-v1-lobby.json")) {
      return in.readAllBytes();
    }
  }

  private static Event read(byte[] json) {
    JsonSchemas.assertValid("events", json);
    return Json.read(json, Event.class);
  }
}
