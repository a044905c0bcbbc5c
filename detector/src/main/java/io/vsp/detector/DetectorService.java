package io.vsp.detector;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.DetectorConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.common.wire.Labels;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.FrameBatcher;
import io.vsp.detector.batch.InFlight;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.Engines;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.postprocess.OutputDecoder;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.detector.publish.DetectionsPublisher;
import io.vsp.detector.publish.DetectorMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeoutException;
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
 *  frames ─► FrameBatcher "batch:model" (consumer; stale/corrupt; JPEG → letterbox → open input buffer)
 *                 │ full: handed over at once (one waits); not full: maxWait after its first frame and
 *                 │ only when inference is free; two input buffers: one fills while the engine works
 *                 ▼
 *            DetectionsPublisher "infer:model" (engine → NMS → detections records + offsets in a transaction)
 * </pre>
 */
public final class DetectorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DetectorService.class);

  private final VspConfig config;
  private final String instanceId;
  private final PrometheusRegistry registry;
  private final Consumer<Throwable> onFatal;
  private volatile boolean ready;
  private MetricsServer metricsServer;
  private InferenceEngine engine;
  private Preprocessor preprocessor;
  private FrameBatcher batcher;
  private DetectionsPublisher publisher;
  private KafkaProducer<byte[], byte[]> producer;
  private Thread batchThread;
  private Thread inferThread;

  /**
   * @param instanceId stable name of this instance: its Kafka transactional.id derives from it, so a
   *     restarted instance fences its dead predecessor at once
   * @param onFatal told when the instance cannot go on (engine failure, fenced producer)
   */
  public DetectorService(VspConfig config, String instanceId, PrometheusRegistry registry,
                         Consumer<Throwable> onFatal) {
    this.config = config;
    this.instanceId = instanceId;
    this.registry = registry;
    this.onFatal = onFatal;
  }

  /**
   * Loads the engine (a model that fits no contract fails here), then starts consuming.
   *
   * @throws EngineException when the model cannot be loaded or fits no contract
   */
  public void start() throws EngineException, IOException, InterruptedException {
    DetectorConfig dc = config.detector();
    metricsServer = MetricsServer.start(dc.metricsPort(), registry, () -> ready);
    log.info("detector {} serving metrics on port {}", instanceId, metricsServer.port());
    engine = Engines.open(dc);
    var contract = engine.contract();
    log.info("engine {} loaded {}: {} {}x{} batch {} {}, output {}", engine.engineName(), dc.model(),
        contract.inputType(), contract.width(), contract.height(), contract.batch(), contract.precision(),
        contract.format());
    Labels labels = "coco".equals(dc.labels()) ? Labels.coco() : Labels.fromFile(Path.of(dc.labels()));
    OutputDecoder decoder = new OutputDecoder(contract, labels, dc.scoreThreshold(), dc.nmsIou(), 300);
    preprocessor = new Preprocessor(contract, dc.input().resize(), dc.input().padValue());

    var kafka = config.kafka();
    KafkaClients clients = new KafkaClients(kafka.bootstrap(), kafka.properties());
    Topics topics = new Topics(kafka.topicPrefix(), kafka.partitions(), kafka.replicationFactor());
    ensureTopics(clients, topics);

    int batchMax = Math.min(dc.batch().max(), contract.batch());
    Properties cp = clients.consumer("vsp-detector-" + instanceId, kafka.topicPrefix() + "detector");
    cp.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group processes the backlog
    cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.max(batchMax * 2, 16)));
    cp.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000"); // a dead instance's partitions move in ~10 s
    cp.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
    Properties pp = clients.producer("vsp-detector-" + instanceId);
    if (dc.exactlyOnce()) {
      pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.topicPrefix() + "detector-" + instanceId);
      // a killed instance's open transaction blocks read_committed readers until this passes
      pp.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
    }
    producer = new KafkaProducer<>(pp);
    if (dc.exactlyOnce()) {
      producer.initTransactions(); // fences a previous incarnation with the same transactional.id
    }

    BlockingQueue<InputBatch> freeInputs = new ArrayBlockingQueue<>(2);
    freeInputs.add(engine.newInputBatch());
    freeInputs.add(engine.newInputBatch());
    BlockingQueue<Batch> handoff = new ArrayBlockingQueue<>(1);
    InFlight inFlight = new InFlight();
    DetectorMetrics metrics = new DetectorMetrics(registry, configuredCameras());
    batcher = new FrameBatcher(new KafkaConsumer<>(cp), topics.name(Topics.FRAMES), preprocessor, freeInputs,
        handoff, inFlight, batchMax, dc.batch().maxWait(), dc.maxFrameAge(), metrics.lag::set);
    String model = modelName(dc.model());
    publisher = new DetectionsPublisher(engine, decoder, producer, dc.exactlyOnce(), topics.name(Topics.DETECTIONS),
        model, handoff, freeInputs, inFlight, batcher, metrics, this::fatal);
    batchThread = new Thread(batcher, "batch:" + model);
    inferThread = new Thread(publisher, "infer:" + model);
    batchThread.start();
    inferThread.start();
    ready = true;
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

  private void fatal(Throwable e) {
    log.error("detector {} cannot go on: {}", instanceId, e.toString());
    ready = false;
    onFatal.accept(e);
  }

  private static void ensureTopics(KafkaClients clients, Topics topics) throws InterruptedException {
    try (Admin admin = Admin.create(clients.admin("vsp-detector-admin"))) {
      while (true) {
        try {
          topics.ensure(admin, List.of(Topics.FRAMES, Topics.DETECTIONS), Duration.ofSeconds(10));
          return;
        } catch (TimeoutException | RuntimeException e) {
          log.warn("Kafka at {} not reachable yet ({}); retrying", clients.bootstrap(), e.getMessage());
        }
      }
    }
  }

  static String modelName(Path model) {
    String file = model.getFileName().toString();
    return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
  }

  /** Stops consuming, lets the batch in flight finish and commit, then closes; idempotent. */
  @Override
  public void close() {
    ready = false;
    if (batcher != null) {
      batcher.stop();
      join(batchThread);
    }
    if (publisher != null) {
      publisher.stop();
      join(inferThread);
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(3));
      producer = null;
    }
    if (preprocessor != null) {
      preprocessor.close();
      preprocessor = null;
    }
    if (engine != null) {
      engine.close();
      engine = null;
    }
    if (metricsServer != null) {
      metricsServer.close();
      metricsServer = null;
    }
  }

  private static void join(Thread t) {
    try {
      t.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
