package io.vsp.sink;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.SinkConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
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
  private final Consumer<Throwable> onFatal;
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
    this.onFatal = onFatal;
    this.clients = new KafkaClients(config.kafka().bootstrap(), config.kafka().properties());
    this.topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions(),
        config.kafka().replicationFactor());
  }

  public synchronized void start() throws IOException, InterruptedException {
    SinkConfig sc = config.sink();
    metricsServer = MetricsServer.start(sc.metricsPort(), registry, this::isReady);
    log.info("sink {} serving metrics on port {}", instanceId, metricsServer.port());
    ensureTopics();
    cameras = new CameraCatalog(config);
    cameras.watch();
    SinkMetrics metrics = new SinkMetrics(registry, this::lag,
        new BoundedLabels(id -> cameras.apply(id) != null, BoundedLabels.MAX_LEARNED_CAMERAS),
        new BoundedLabels(modelLabels()::contains, 0));
    Store store = new Store(sc.store().dir());

    EventIndex index = new EventIndex();
    feed = new EventFeed(new KafkaConsumer<>(readCommitted(clients.consumer("vsp-sink-index-" + instanceId, null))),
        name(Topics.EVENTS), name(Topics.CLIPS), index, sc.store().maxAge());
    feedThread = start(feed, "index");
    http = SinkHttpServer.start(sc.http(), store, index);
    log.info("sink {} serving the page on http://{}:{}/", instanceId, sc.http().bind(), http.port());

    // SPEC §5: a camera whose last status is older than 3 heartbeats is unknown; its events end then
    Duration silence = config.ingest().heartbeat().multipliedBy(3);
    streams = new KafkaStreams(TrackerTopology.build(new Tracker(sc.tracker(), sc.clips(), cameras),
        name(Topics.DETECTIONS), name(Topics.STATUS), name(Topics.EVENTS), silence, metrics), streamsProperties());
    streams.setUncaughtExceptionHandler(e -> {
      log.error("tracker failed", e);
      onFatal.accept(e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
          .SHUTDOWN_CLIENT;
    });
    streams.start();

    clipper = new Clipper(new KafkaConsumer<>(clipperConsumer()), clipperProducer(), name(Topics.EVENTS),
        name(Topics.CLIPS), new VideoFetcher(fetcher("video"), name(Topics.VIDEO)),
        new FrameFetcher(fetcher("frames"), name(Topics.FRAMES)), new ClipBuilder(), store, sc.clips(), metrics,
        onFatal);
    clipperThread = start(clipper, "clipper");

    StoreCleanup retention = new StoreCleanup(store, sc.store().maxAge(), sc.store().maxBytes().bytes(),
        Clock.systemUTC());
    cleanup = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "cleanup"));
    cleanup.scheduleWithFixedDelay(() -> {
      try {
        retention.runOnce();
      } catch (Exception e) {
        log.warn("store cleanup failed: {}", e.toString());
      }
    }, 0, 60, TimeUnit.SECONDS);
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

  private void ensureTopics() throws InterruptedException {
    List<Topics.Spec> specs = List.of(Topics.DETECTIONS, Topics.STATUS, Topics.EVENTS, Topics.CLIPS, Topics.VIDEO,
        Topics.FRAMES);
    try (Admin admin = Admin.create(clients.admin("vsp-sink-admin-" + instanceId))) {
      while (true) {
        try {
          topics.ensure(admin, specs, Duration.ofSeconds(10));
          break;
        } catch (TimeoutException | RuntimeException e) {
          log.warn("Kafka at {} not reachable yet ({}); retrying", clients.bootstrap(), e.getMessage());
        }
      }
      verifyCopartitioned(admin);
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
        throw new IllegalStateException("topics " + detections + " (" + d + " partitions) and " + status + " (" + s
            + " partitions) must have the same number of partitions for the tracker; recreate or expand one");
      }
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe " + detections + " and " + status + ": " + e.getMessage(), e);
    }
  }

  private Properties streamsProperties() throws IOException {
    Properties p = new Properties();
    p.putAll(config.kafka().properties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().topicPrefix() + "sink");
    p.put(StreamsConfig.CLIENT_ID_CONFIG, "vsp-sink-" + instanceId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put("processing.exception.handler.global.enabled", "true"); // Kafka 5's default; silences a warning
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
    // the tracks store is in memory and restored from its changelog; the folder holds only Streams' locks
    stateDir = Files.createTempDirectory("vsp-sink-streams");
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // a camera's tracks (with their paths) are one store value: allow large ones end to end
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), KafkaClients.MAX_RECORD_BYTES);
    p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
        KafkaClients.MAX_RECORD_BYTES);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // a dead instance's cameras move to another within ~10 s
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 10_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    return p;
  }

  private Properties clipperConsumer() {
    Properties p = readCommitted(clients.consumer("vsp-sink-clipper-" + instanceId,
        config.kafka().topicPrefix() + "sink-clipper"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // an end event may wait ~10 s for post-roll footage and take seconds to build: keep a poll's work well
    // inside max.poll.interval.ms (5 min)
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    return p;
  }

  private KafkaProducer<byte[], byte[]> clipperProducer() {
    Properties p = clients.producer("vsp-sink-clipper-" + instanceId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.kafka().topicPrefix() + "sink-clipper-" + instanceId);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    producer.initTransactions(); // fences a previous incarnation with the same transactional.id
    return producer;
  }

  private KafkaConsumer<byte[], byte[]> fetcher(String what) {
    return new KafkaConsumer<>(readCommitted(clients.consumer("vsp-sink-" + what + "-" + instanceId, null)));
  }

  private static Properties readCommitted(Properties p) {
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
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

  private static Thread start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.start();
    return t;
  }

  /** Stops the tracker (committing), lets the clip in progress finish, then closes the rest; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (streams != null) {
      streams.close(Duration.ofSeconds(15));
    }
    if (clipper != null) {
      clipper.stop();
      join(clipperThread, 60_000);
    }
    if (feed != null) {
      feed.stop();
      join(feedThread, 5_000);
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

  private static void join(Thread t, long millis) {
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
