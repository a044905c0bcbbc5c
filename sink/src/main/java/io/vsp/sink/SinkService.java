package io.vsp.sink;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.KafkaSetupException;
import io.vsp.common.kafka.KafkaStartup;
import io.vsp.common.kafka.Topics;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.common.metrics.BoundedLabels;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.common.wire.Labels;
import io.vsp.sink.clips.ClipBuilder;
import io.vsp.sink.clips.Clipper;
import io.vsp.sink.clips.FrameFetcher;
import io.vsp.sink.clips.VideoFetcher;
import io.vsp.sink.http.EventFeed;
import io.vsp.sink.http.EventIndex;
import io.vsp.sink.http.SinkHttpServer;
import io.vsp.sink.store.Store;
import io.vsp.sink.store.StoreCleanup;
import io.vsp.sink.tracker.Tracker;
import io.vsp.sink.tracker.TrackerTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink service ({@code vsp sink}): detections become events, events become snapshots and clips, and
 * both are served over HTTP.
 *
 * <pre>
 *  detections + status ─► tracker (Kafka Streams, exactly once, store "tracks") ─► events
 *  events ─► Clipper "clipper" (frames → snapshots; video → annotated clip) ─► store, clips
 *  events + clips ─► EventFeed "index" ─► EventIndex ─► SinkHttpServer (page, API, files)
 *  store ◄─ StoreCleanup "cleanup" (maxAge, maxBytes)
 * </pre>
 *
 * Instances share the work: the tracker through the Streams application id {@code <prefix>sink}, the
 * clipper through the group {@code <prefix>sink-clipper}.
 */
public final class SinkService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkService.class);

  private final VspConfig config;
  private final String instanceId;
  private final PrometheusRegistry registry;
  private final FatalPath fatal;
  private final KafkaStartup kafkaStartup;
  private final KafkaClients clients;
  private final Topics topics;
  private MetricsServer metricsServer;
  private CameraCatalog cameras;
  private KafkaStreams streams;
  private Clipper clipper;
  private Thread clipperThread;
  private EventFeed feed;
  private Thread feedThread;
  private SinkHttpServer http;
  private ScheduledExecutorService cleanup;
  private boolean closed;
  private java.nio.file.Path stateDir;

  /**
   * @param instanceId stable name of this instance: the clipper's transactional.id derives from it, so a
   *     restarted instance fences its dead predecessor at once
   * @param onFatal told when the instance cannot go on (tracker or clipper died)
   */
  public SinkService(VspConfig config, String instanceId, PrometheusRegistry registry, Consumer<Throwable> onFatal) {
    this.config = config;
    this.instanceId = instanceId;
    this.registry = registry;
    this.fatal = new FatalPath("sink " + instanceId, onFatal);
    this.kafkaStartup = new KafkaStartup(config.kafka().bootstrap());
    this.clients = new KafkaClients(config.kafka().bootstrap(), config.kafka().properties());
    this.topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions(),
        config.kafka().replicationFactor());
  }

  /**
   * Waits for Kafka, then starts the stages in data order. Returns early, starting nothing, when {@link #close}
   * is called meanwhile.
   *
   * @throws KafkaSetupException when Kafka refuses what waiting will not change (ACLs, replication factor)
   */
  public synchronized void start() throws IOException, InterruptedException {
    SinkConfig sc = config.sink();
    metricsServer = MetricsServer.start(sc.metricsPort(), registry, this::isReady);
    fatal.readiness(metricsServer);
    log.info("sink {} serving metrics on port {}", instanceId, metricsServer.port());
    if (!ensureTopics()) {
      return; // stopped while waiting for Kafka
    }
    cameras = new CameraCatalog(config);
    cameras.watch(fatal);
    SinkMetrics metrics = new SinkMetrics(registry, this::lag,
        new BoundedLabels(id -> cameras.apply(id) != null, BoundedLabels.MAX_LEARNED_CAMERAS),
        new BoundedLabels(modelLabels()::contains, 0));
    RecordGate gate = new RecordGate(config.limits(), new InvalidRecords(registry, "sink", config.kafka().topicPrefix(),
        Stream.of(Topics.DETECTIONS, Topics.STATUS, Topics.EVENTS, Topics.CLIPS, Topics.VIDEO, Topics.FRAMES)
            .map(Topics.Spec::name).toList()));
    Store store = new Store(sc.store().dir());

    EventIndex index = new EventIndex();
    feed = new EventFeed(new KafkaConsumer<>(clients.consumer("vsp-sink-index-" + instanceId, null)),
        name(Topics.EVENTS), name(Topics.CLIPS), index, sc.store().maxAge(), gate);
    feedThread = start(feed, "index");
    http = SinkHttpServer.start(sc.http(), store, index);
    log.info("sink {} serving the page on http://{}:{}/", instanceId, sc.http().bind(), http.port());

    // SPEC §5: a camera whose last status is older than 3 heartbeats is unknown; its events end then
    Duration silence = config.ingest().heartbeat().multipliedBy(3);
    streams = new KafkaStreams(TrackerTopology.build(new Tracker(sc.tracker(), sc.clips(), cameras),
        name(Topics.DETECTIONS), name(Topics.STATUS), name(Topics.EVENTS), silence, metrics, gate),
        streamsProperties());
    streams.setUncaughtExceptionHandler(e -> {
      fatal.fail(e); // on the dying stream thread
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .SHUTDOWN_CLIENT;
    });
    streams.start();

    clipper = new Clipper(new KafkaConsumer<>(clipperConsumer()), clipperProducer(), name(Topics.EVENTS),
        name(Topics.CLIPS), new VideoFetcher(fetcher("video"), name(Topics.VIDEO), gate),
        new FrameFetcher(fetcher("frames"), name(Topics.FRAMES), gate), new ClipBuilder(), store, sc.clips(), metrics,
        gate, fatal::fail);
    clipperThread = start(clipper, "clipper");

    StoreCleanup retention = new StoreCleanup(store, sc.store().maxAge(), sc.store().maxBytes().bytes(),
        Clock.systemUTC());
    cleanup = Executors.newSingleThreadScheduledExecutor(fatal.threads("cleanup"));
    cleanup.scheduleWithFixedDelay(fatal.guard(() -> {
      try {
        retention.runOnce();
      } catch (Exception e) {
        log.warn("store cleanup failed: {}", e.toString()); // a full or unreadable disk: try again next time
      }
    }), 0, 60, TimeUnit.SECONDS);
  }

  /** The labels of the model that {@code detector.labels} names; event labels outside it count as "other". */
  private Labels modelLabels() {
    try {
      return Labels.forSetting(config.detector().labels());
    } catch (IOException e) {
      log.warn("detector.labels: {}; events count under the COCO labels, others as \"other\"", e.getMessage());
      return Labels.coco();
    }
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** Ready once the tracker runs (its state restored from the changelog). */
  public boolean isReady() {
    KafkaStreams s = streams;
    return s != null && s.state() == KafkaStreams.State.RUNNING;
  }

  private String name(Topics.Spec spec) {
    return topics.name(spec);
  }

  /** @return false when {@link #close} stopped the wait */
  private boolean ensureTopics() throws InterruptedException {
    List<Topics.Spec> specs = List.of(Topics.DETECTIONS, Topics.STATUS, Topics.EVENTS, Topics.CLIPS, Topics.VIDEO,
        Topics.FRAMES);
    Admin admin = Admin.create(clients.admin("vsp-sink-admin-" + instanceId));
    try {
      return kafkaStartup.retry("create topics", () -> {
        topics.ensure(admin, specs, Duration.ofSeconds(10));
        verifyCopartitioned(admin);
      });
    } finally {
      admin.close(Duration.ofSeconds(1)); // a stopped wait's call in flight is abandoned, not waited for
    }
  }

  /** One tracker task must see all of a camera's detections and status records: same partition counts. */
  private void verifyCopartitioned(Admin admin) throws InterruptedException {
    String detections = name(Topics.DETECTIONS);
    String status = name(Topics.STATUS);
    try {
      var described = admin.describeTopics(List.of(detections, status)).allTopicNames().get(30, TimeUnit.SECONDS);
      int d = described.get(detections).partitions().size();
      int s = described.get(status).partitions().size();
      if (d != s) {
        throw new KafkaSetupException("topics " + detections + " (" + d + " partitions) and " + status + " (" + s
            + " partitions) must have the same number of partitions for the tracker; recreate or expand one", null);
      }
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe " + detections + " and " + status + ": " + e.getMessage(), e);
    }
  }

  /**
   * The tracker's Kafka Streams settings in KafkaClients' layers: VSP's tuning (unprefixed, so the user's
   * unprefixed kafka.properties win over it), the user's properties, then what exactly-once rests on.
   */
  private Properties streamsProperties() throws IOException {
    Properties p = new Properties();
    p.put(StreamsConfig.CLIENT_ID_CONFIG, "vsp-sink-" + instanceId);
    p.put("processing.exception.handler.global.enabled", "true"); // Kafka 5's default; silences a warning
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
    // a record a stranger wrote without a usable Kafka timestamp still reaches the tracker, whose input rules
    // (capture time in the JSON) decide; the default extractor would stop the stream thread on it
    p.put(StreamsConfig.DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG, UsePartitionTimeOnInvalidTimestamp.class);
    // a camera's tracks (with their paths) are one store value: allow large ones end to end
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClients.MAX_RECORD_BYTES);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.MAX_RECORD_BYTES);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // a dead instance's cameras move to another within ~10 s
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putAll(config.kafka().properties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().topicPrefix() + "sink");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // the tracks store is in memory and restored from its changelog; the folder holds only Streams' locks
    stateDir = Files.createTempDirectory("vsp-sink-streams");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return p;
  }

  private Properties clipperConsumer() {
    return clients.consumer("vsp-sink-clipper-" + instanceId, config.kafka().topicPrefix() + "sink-clipper", Map.of(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        // an end event may wait ~10 s for post-roll footage and take seconds to build: keep a poll's work well
        // inside max.poll.interval.ms (5 min)
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000));
  }

  private KafkaProducer<byte[], byte[]> clipperProducer() {
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clients.transactionalProducer(
        "vsp-sink-clipper-" + instanceId, config.kafka().topicPrefix() + "sink-clipper-" + instanceId,
        Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000)));
    producer.initTransactions(); // fences a previous incarnation with the same transactional.id
    return producer;
  }

  private KafkaConsumer<byte[], byte[]> fetcher(String what) {
    return new KafkaConsumer<>(clients.consumer("vsp-sink-" + what + "-" + instanceId, null));
  }

  /** Records of detections and status the tracker has not processed yet, over this instance's tasks. */
  private double lag() {
    KafkaStreams s = streams;
    if (s == null) {
      return 0;
    }
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
          && n.tags().containsKey("partition")) {
        Object v = e.getValue().metricValue();
        if (v instanceof Double d && !d.isNaN()) {
          sum += d;
        }
      }
    }
    return sum;
  }

  private Thread start(Runnable r, String name) {
    Thread t = fatal.thread(name, r);
    t.start();
    return t;
  }

  /**
   * Stops the tracker (committing) and the clipper, then closes the rest; idempotent; within about 8 s, so
   * that SIGTERM is honoured within 10 s. A clip still being built then is not committed: whoever reads its
   * event next builds it again. Ends a start-up still waiting for Kafka at once.
   */
  @Override
  public void close() {
    kafkaStartup.stop(); // before the lock: start() holds it while it waits
    synchronized (this) {
      closeStages();
    }
  }

  private void closeStages() {
    if (closed) {
      return;
    }
    closed = true;
    long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
    if (clipper != null) {
      clipper.stop(); // stops between clips; waited for below, while the tracker commits
    }
    if (streams != null) {
      streams.close(Duration.ofSeconds(4));
    }
    if (clipper != null && !join(clipperThread, Math.max(1, (deadline - System.nanoTime()) / 1_000_000))) {
      log.warn("sink {}: the clipper did not stop in time; its clip in progress is left uncommitted", instanceId);
    }
    if (feed != null) {
      feed.stop();
      join(feedThread, 1_000);
    }
    if (http != null) {
      http.close();
    }
    if (cleanup != null) {
      cleanup.shutdownNow();
    }
    if (cameras != null) {
      cameras.close();
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    deleteStateDir();
  }

  /** Streams' locks and checkpoints of this run: the store itself is rebuilt from its changelog. */
  private void deleteStateDir() {
    if (stateDir == null) {
      return;
    }
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      log.debug("could not delete {}: {}", stateDir, e.toString());
    }
  }

  /** @return whether {@code t} has ended */
  private static boolean join(Thread t, long millis) {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }
}
