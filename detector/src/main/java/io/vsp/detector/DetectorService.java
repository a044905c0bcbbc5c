package io.vsp.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.KafkaSetupException;
import io.vsp.common.kafka.KafkaStartup;
import io.vsp.common.kafka.Topics;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.common.wire.Labels;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.FrameBatcher;
import io.vsp.detector.batch.FrameReader;
import io.vsp.detector.batch.HandOver;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.Engines;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.postprocess.OutputDecoder;
import io.vsp.detector.infer.BatchInferrer;
import io.vsp.detector.preprocess.BatchPreprocessor;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.detector.publish.DetectionsDecoder;
import io.vsp.detector.publish.DetectionsPublisher;
import io.vsp.detector.publish.DetectorMetrics;
import io.vsp.detector.replay.ReplayJob;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector service ({@code vsp detector}): {@code frames} → batches → engine → {@code detections},
 * exactly once by default. Instances in one consumer group share the partitions.
 *
 * <pre>
 *  frames ─► FrameBatcher "batch:model"        owns the consumer; FrameReader: an invalid record → corrupt;
 *              │                               stale frames sorted out
 *              │ BatchPreprocessor             JPEG → letterbox straight into the open batch's input buffer,
 *              │                               on this thread and the "preprocess-N:model" helpers
 *              │ HandOver                      full: at once; not full: maxWait after its first frame, once
 *              ▼                               an engine slot is free
 *           BatchExchange                      all the stages share: free input buffers, the formed batch,
 *              │                               inferred batches (in hand-over order), rewinds, commits
 *              ▼
 *           BatchInferrer "infer:model"        engine.infer; one thread per batch in flight; the input
 *              │                               buffer goes back to the exchange at once
 *              ▼ (through the exchange, in hand-over order)
 *           DetectionsPublisher "publish:model" DetectionsDecoder: NMS → one record per frame; exactly once:
 *              │                               the records and the offsets in one Kafka transaction
 *              ▼
 *          detections
 * </pre>
 *
 * <p>{@link #replay} runs the same stages over a window of the past ({@code vsp replay}, issue 14): its own
 * group and transactional id, {@code detections.<tag>} out, no staleness check, done at the window's end.
 */
public final class DetectorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetectorService.class);
  /** A replay's frames are old by nature: none is stale. */
  private static final Duration NEVER_STALE = Duration.ofNanos(Long.MAX_VALUE);

  private final VspConfig config;
  private final String instanceId;
  private final PrometheusRegistry registry;
  private final FatalPath fatal;
  private final KafkaStartup kafkaStartup;
  private final ReplayJob replay; // null: the live detector
  private final Runnable replayDone;
  private volatile boolean ready;
  private MetricsServer metricsServer;
  private InferenceEngine engine;
  private BatchPreprocessor preprocessor;
  private FrameBatcher batcher;
  private BatchInferrer inferrer;
  private DetectionsPublisher publisher;
  private KafkaProducer<byte[], byte[]> producer;
  private final List<Thread> batchThreads = new ArrayList<>(); // the batcher, then its preprocessing helpers
  private final List<Thread> inferThreads = new ArrayList<>();
  private Thread publishThread;

  /**
   * @param instanceId stable name of this instance: its Kafka transactional.id derives from it, so a
   *     restarted instance fences its dead predecessor at once
   * @param onFatal told when the instance cannot go on (engine failure, fenced producer)
   */
  public DetectorService(VspConfig config, String instanceId, PrometheusRegistry registry,
                         Consumer<Throwable> onFatal) {
    this(config, instanceId, registry, onFatal, null, () -> {});
  }

  /**
   * A replay of {@code job}'s window; {@code done} is told once every frame of it is committed. The window's
   * start offsets must already be the group's committed offsets ({@link io.vsp.detector.replay.ReplayPlanner}).
   */
  public static DetectorService replay(VspConfig config, ReplayJob job, PrometheusRegistry registry,
                                       Consumer<Throwable> onFatal, Runnable done) {
    return new DetectorService(config, "replay-" + job.tag(), registry, onFatal, job, done);
  }

  private DetectorService(VspConfig config, String instanceId, PrometheusRegistry registry,
                          Consumer<Throwable> onFatal, ReplayJob replay, Runnable replayDone) {
    this.replay = replay;
    this.replayDone = replayDone;
    this.config = config;
    this.instanceId = instanceId;
    this.registry = registry;
    this.fatal = new FatalPath("detector " + instanceId, onFatal);
    this.kafkaStartup = new KafkaStartup(config.kafka().bootstrap());
  }

  /**
   * Loads the engine (a model that fits no contract fails here), waits for Kafka, then starts consuming.
   * Returns early, without consuming, when {@link #close} is called meanwhile.
   *
   * @throws EngineException when the model cannot be loaded or fits no contract
   * @throws KafkaSetupException when Kafka refuses what waiting will not change (ACLs, replication factor)
   */
  public synchronized void start() throws EngineException, IOException, InterruptedException {
    DetectorConfig dc = replay != null ? replay.detector() : config.detector();
    boolean exactlyOnce = replay != null || dc.exactlyOnce(); // a replay is always transactional
    metricsServer = MetricsServer.start(dc.metricsPort(), registry, () -> ready);
    fatal.readiness(metricsServer);
    log.info("detector {} serving metrics on port {}", instanceId, metricsServer.port());
    engine = Engines.open(dc);
    var contract = engine.contract();
    log.info("engine {} loaded {}: {} {}x{} batch {} {}, output {}", engine.engineName(),
        dc.models().stream().map(DetectorConfig.Export::file).toList(), contract.inputType(), contract.width(),
        contract.height(), dc.models().size() == 1 ? contract.batch() : "up to " + contract.batch(),
        contract.precision(), contract.format());
    Labels labels = "coco".equals(dc.labels()) ? Labels.coco() : Labels.fromFile(Path.of(dc.labels()));
    OutputDecoder decoder = new OutputDecoder(contract, labels, dc.scoreThreshold(), dc.nmsIou(), 300);
    int cores = Runtime.getRuntime().availableProcessors();
    List<Preprocessor> preprocessors = new ArrayList<>();
    for (int i = 0; i < dc.preprocessThreads(cores); i++) {
      preprocessors.add(new Preprocessor(contract, dc.input().resize(), dc.input().padValue()));
    }
    preprocessor = new BatchPreprocessor(preprocessors);
    log.info("detector {}: {} preprocessing thread(s), {} ONNX Runtime intra-op thread(s) on {} core(s), {} batch(es) "
        + "in flight", instanceId, preprocessors.size(),
        dc.engine() == DetectorConfig.Engine.ONNXRUNTIME ? dc.intraOpThreads(cores) : 0, cores, dc.inflightBatches());

    var kafka = config.kafka();
    KafkaClients clients = new KafkaClients(kafka.bootstrap(), kafka.properties());
    Topics topics = new Topics(kafka.topicPrefix(), kafka.partitions(), kafka.replicationFactor());
    Topics.Spec output = replay != null ? replay.output() : Topics.DETECTIONS;
    if (!ensureTopics(clients, topics, output)) {
      return; // stopped while waiting for Kafka
    }

    int batchMax = Math.min(dc.batch().max(), contract.batch());
    String group = replay != null ? ReplayJob.groupId(kafka.topicPrefix(), replay.tag()) : kafka.topicPrefix() + "detector";
    Properties cp = clients.consumer("vsp-detector-" + instanceId, group, Map.of(
        // a new group processes the backlog; a replay's planner committed its start offsets
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, replay != null ? "none" : "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(batchMax * 2, 16),
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000, // a dead instance's partitions move in ~10 s
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000));
    Properties pp = exactlyOnce
        ? clients.transactionalProducer("vsp-detector-" + instanceId,
            replay != null ? group : kafka.topicPrefix() + "detector-" + instanceId,
            // a killed instance's open transaction blocks read_committed readers until this passes
            Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000))
        : clients.producer("vsp-detector-" + instanceId);
    producer = new KafkaProducer<>(pp);
    if (exactlyOnce) {
      producer.initTransactions(); // fences a previous incarnation with the same transactional.id
    }

    String model = contract.name(); // of the largest export when there are several
    int inflight = dc.inflightBatches();
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cp);
    List<InputBatch> inputs = new ArrayList<>();
    for (int i = 0; i <= inflight; i++) {
      inputs.add(engine.newInputBatch());
    }
    BatchExchange exchange = new BatchExchange(inflight, inputs, consumer::wakeup);
    DetectorMetrics metrics = new DetectorMetrics(registry, configuredCameras());
    InvalidRecords invalid = new InvalidRecords(registry, "detector", kafka.topicPrefix(), List.of(Topics.FRAMES.name()));
    batcher = new FrameBatcher(consumer, topics.name(Topics.FRAMES), preprocessor, exchange,
        new HandOver(batchMax, dc.batch().maxWait().toNanos()),
        replay != null ? NEVER_STALE : dc.maxFrameAge(), metrics.lag::set,
        new FrameReader(config.limits(), invalid, () -> System.currentTimeMillis() * 1000),
        replay != null ? replay.window() : null, replayDone);
    inferrer = new BatchInferrer(engine, exchange, metrics);
    publisher = new DetectionsPublisher(exchange, new DetectionsDecoder(decoder, model, engine.engineName(), contract),
        producer, exactlyOnce, topics.name(output), metrics);
    batchThreads.add(fatal.thread("batch:" + model, batcher));
    for (int i = 1; i < preprocessor.threads(); i++) {
      batchThreads.add(fatal.thread("preprocess-" + i + ":" + model, preprocessor.helper(i)));
    }
    for (int i = 1; i <= inflight; i++) { // one engine slot each
      inferThreads.add(fatal.thread((i == 1 ? "infer:" : "infer-" + i + ":") + model, inferrer));
    }
    publishThread = fatal.thread("publish:" + model, publisher);
    batchThreads.forEach(Thread::start);
    inferThreads.forEach(Thread::start);
    publishThread.start();
    ready = !kafkaStartup.stopped(); // close() may have begun meanwhile
  }

  /** The ids of the configured cameras (inline and {@code camerasDir} now), which keep their metric label. */
  private Set<String> configuredCameras() {
    Map<String, CameraConfig> dir = Map.of();
    try {
      dir = ConfigLoader.loadCamerasDir(config.camerasDir());
    } catch (ConfigException e) {
      log.warn("camerasDir: {}; its cameras share the metrics' budget of unknown cameras", e.getMessage());
    }
    return config.allCameras(dir).stream().map(CameraConfig::id).collect(Collectors.toSet());
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  /** @return false when {@link #close} stopped the wait */
  private boolean ensureTopics(KafkaClients clients, Topics topics, Topics.Spec output) throws InterruptedException {
    Admin admin = Admin.create(clients.admin("vsp-detector-admin"));
    try {
      return kafkaStartup.retry("create topics",
          () -> topics.ensure(admin, List.of(Topics.FRAMES, output), Duration.ofSeconds(10)));
    } finally {
      admin.close(Duration.ofSeconds(1)); // a stopped wait's call in flight is abandoned, not waited for
    }
  }

  /**
   * Stops consuming, lets the batch in flight finish and commit, then closes; idempotent. Ends a start-up
   * still waiting for Kafka at once. The engine's and the preprocessor's native memory is freed only once
   * the threads using it have ended: one stuck past its deadline leaves it to the exiting process.
   */
  @Override
  public void close() {
    ready = false;
    kafkaStartup.stop(); // before the lock: start() holds it while it waits
    synchronized (this) {
      // in data order, each stage once the one feeding it has ended: what is in flight is published
      String stuck = null;
      if (batcher != null) {
        batcher.stop();
        preprocessor.stop();
        stuck = joinAll(batchThreads, 4000);
        inferrer.stop();
        stuck = stuck != null ? stuck : joinAll(inferThreads, 3000);
        publisher.stop();
        stuck = stuck != null ? stuck : joinAll(List.of(publishThread), 3000);
        batcher = null; // a second close (the shutdown hook after a replay finished) finds nothing to stop
      }
      if (producer != null) {
        producer.close(Duration.ofSeconds(2));
        producer = null;
      }
      if (stuck == null) {
        closeNative();
      } else if (preprocessor != null || engine != null) {
        log.warn("detector {}: thread {} still running after its deadline; its engine and preprocessor memory "
            + "is left to the exiting process", instanceId, stuck);
        preprocessor = null;
        engine = null;
      }
      if (metricsServer != null) {
        metricsServer.close();
        metricsServer = null;
      }
    }
  }

  private void closeNative() {
    if (preprocessor != null) {
      preprocessor.close();
      preprocessor = null;
    }
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  /** @return the name of a thread still running after {@code millis}, or null when all have ended */
  private static String joinAll(List<Thread> threads, long millis) {
    String stuck = null;
    for (Thread t : threads) {
      if (!join(t, millis) && stuck == null) {
        stuck = t.getName();
      }
    }
    return stuck;
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
