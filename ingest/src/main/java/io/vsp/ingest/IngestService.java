package io.vsp.ingest;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.CamerasDirWatcher;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.KafkaStartup;
import io.vsp.common.kafka.Topics;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.common.metrics.MetricsServer;
import io.vsp.common.wire.CameraStatus;
import io.vsp.ingest.camera.CameraSupervisor;
import io.vsp.ingest.coord.CameraAssignor;
import io.vsp.ingest.coord.WorkerMembership;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import io.vsp.ingest.publish.StatusPublisher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service ({@code vsp ingest}): joins the ingest group, reads the cameras the group gives this
 * worker, and publishes their video, frames and status. Cameras come from the config file and from
 * {@code camerasDir}, which is watched.
 */
public final class IngestService implements AutoCloseable, CameraAssignor.WorkerState {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  private final VspConfig config;
  private final String workerId;
  private final int decodeThreads;
  private final PrometheusRegistry registry;
  private final IngestMetrics metrics;
  private final KafkaClients clients;
  private final Topics topics;
  private final FatalPath fatal;
  private final KafkaStartup kafkaStartup;
  private final Map<String, CameraConfig> inlineCameras = new LinkedHashMap<>();
  private final Map<String, CameraConfig> dirCameras = new LinkedHashMap<>();   // guarded by this
  private final Map<String, CameraSupervisor> running = new HashMap<>();        // guarded by this
  private Set<String> assigned = Set.of();                                      // guarded by this
  private volatile boolean ready;
  private volatile boolean closed;
  private MetricsServer metricsServer;
  private MediaPublisher publisher;
  private StatusPublisher status;
  private volatile WorkerMembership membership;
  private CamerasDirWatcher watcher;
  private ScheduledExecutorService scheduler;

  /**
   * @param decodeThreads FFmpeg decoder threads per stream (1 for live cameras: lowest latency)
   * @param onFatal told when the worker cannot go on (one of its threads died, Kafka refuses it for good)
   */
  public IngestService(VspConfig config, String workerId, int decodeThreads, PrometheusRegistry registry,
                       Consumer<Throwable> onFatal) {
    this.config = config;
    this.workerId = workerId;
    this.decodeThreads = decodeThreads;
    this.registry = registry;
    this.metrics = new IngestMetrics(registry);
    this.clients = new KafkaClients(config.kafka().bootstrap(), config.kafka().properties());
    this.topics = new Topics(config.kafka().topicPrefix(), config.kafka().partitions(),
        config.kafka().replicationFactor());
    this.fatal = new FatalPath("ingest worker " + workerId, onFatal);
    this.kafkaStartup = new KafkaStartup(config.kafka().bootstrap());
    config.cameras().forEach(c -> inlineCameras.put(c.id(), c));
  }

  /** Starts the metrics port at once; joins the group once Kafka answers (in the background). */
  public void start() throws IOException {
    metricsServer = MetricsServer.start(config.ingest().metricsPort(), registry, () -> ready);
    fatal.readiness(metricsServer);
    log.info("ingest worker {} serving metrics on port {}", workerId, metricsServer.port());
    publisher = new MediaPublisher(clients.mediaProducer("vsp-ingest-" + workerId), metrics);
    status = new StatusPublisher(publisher, topics.name(Topics.STATUS), workerId);
    if (config.camerasDir() != null) {
      try {
        dirChanged(ConfigLoader.loadCamerasDir(config.camerasDir()));
      } catch (ConfigException e) {
        log.error("camerasDir: {}", e.getMessage()); // validated at start-up already; the watcher retries
      }
    }
    catalog().keySet().forEach(metrics::cameraKnown);
    if (config.camerasDir() != null) {
      watcher = new CamerasDirWatcher(config.camerasDir(), Duration.ofSeconds(1), this::dirChanged, fatal);
      watcher.start();
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(fatal.threads("ingest-heartbeat"));
    long beat = config.ingest().heartbeat().toMillis();
    scheduler.scheduleAtFixedRate(fatal.guard(this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
    // a KafkaSetupException (ACLs, replication factor) ends this thread and, through the fatal path, the worker
    Thread starter = fatal.thread("ingest-start", this::joinWhenKafkaAnswers);
    starter.setDaemon(true);
    starter.start();
  }

  public int metricsPort() {
    return metricsServer.port();
  }

  public boolean isReady() {
    return ready;
  }

  private void joinWhenKafkaAnswers() {
    List<Topics.Spec> specs = List.of(Topics.VIDEO, Topics.FRAMES, Topics.STATUS, Topics.INGEST_COORDINATION);
    Admin admin = Admin.create(clients.admin("vsp-ingest-admin-" + workerId));
    try {
      if (!kafkaStartup.retry("create topics", () -> topics.ensure(admin, specs, Duration.ofSeconds(10)))) {
        return; // closed meanwhile
      }
    } catch (InterruptedException e) {
      return;
    } finally {
      admin.close(Duration.ofSeconds(1)); // a stopped wait's call in flight is abandoned, not waited for
    }
    if (!publisher.warmUp(List.of(topics.name(Topics.VIDEO), topics.name(Topics.FRAMES),
        topics.name(Topics.STATUS)), Duration.ofSeconds(30))) {
      log.warn("Kafka topic metadata not available yet; the first records may be dropped");
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      membership = new WorkerMembership(
          clients.consumer("vsp-ingest-" + workerId, config.kafka().topicPrefix() + "ingest",
              WorkerMembership.TUNING),
          topics.name(Topics.INGEST_COORDINATION), this, fatal);
      membership.start();
    }
    ready = true;
    log.info("ingest worker {} joined the group; waiting for cameras", workerId);
  }

  // ---- WorkerState: called by the assignor on the coordination thread ----

  @Override
  public synchronized Set<String> knownCameras() {
    return new TreeSet<>(catalog().keySet());
  }

  @Override
  public synchronized Set<String> ownedCameras() {
    return new TreeSet<>(running.keySet());
  }

  @Override
  public synchronized void assigned(Set<String> cameras) {
    log.info("ingest worker {} assigned {} camera(s): {}", workerId, cameras.size(), cameras);
    assigned = Set.copyOf(cameras);
    reconcile();
  }

  // ---- camerasDir ----

  private void dirChanged(Map<String, CameraConfig> cameras) {
    boolean idsChanged;
    synchronized (this) {
      Set<String> before = catalog().keySet();
      dirCameras.clear();
      cameras.forEach((id, cam) -> {
        if (!inlineCameras.containsKey(id)) {
          dirCameras.put(id, cam);
        } else {
          log.error("camerasDir: camera id {} is already defined in the config file; ignored", id);
        }
      });
      Set<String> after = catalog().keySet();
      idsChanged = !before.equals(after);
      for (String id : before) {
        if (!after.contains(id)) {
          metrics.cameraRemoved(id);
        }
      }
      after.forEach(metrics::cameraKnown);
      reconcile(); // stops removed cameras and restarts changed ones right away
    }
    if (idsChanged && membership != null) {
      membership.requestRebalance();
    }
  }

  /** Makes the running supervisors match the assignment and the current camera configs. */
  private synchronized void reconcile() {
    if (closed) {
      return;
    }
    Map<String, CameraConfig> catalog = catalog();
    List<CameraSupervisor> stopping = new ArrayList<>();
    running.entrySet().removeIf(e -> {
      CameraConfig now = catalog.get(e.getKey());
      boolean keep = assigned.contains(e.getKey()) && e.getValue().camera().equals(now);
      if (!keep) {
        stopping.add(e.getValue());
        if (now == null) {
          status.publish(e.getKey(), CameraStatus.DISABLED, "removed from configuration");
        }
      }
      return !keep;
    });
    stopAll(stopping);
    for (String id : assigned) {
      CameraConfig cam = catalog.get(id);
      if (cam != null && !running.containsKey(id)) {
        CameraSupervisor sup = new CameraSupervisor(cam, config.ingest(), publisher, metrics,
            topics.name(Topics.VIDEO), topics.name(Topics.FRAMES), decodeThreads, status::publish, fatal);
        running.put(id, sup);
        sup.start();
      }
    }
  }

  /** Stops cameras together: all are asked first, then all waited for within one 3 s budget. */
  private static void stopAll(List<CameraSupervisor> sups) {
    sups.forEach(CameraSupervisor::requestStop);
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    sups.forEach(s -> s.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
  }

  private Map<String, CameraConfig> catalog() {
    Map<String, CameraConfig> all = new LinkedHashMap<>(inlineCameras);
    all.putAll(dirCameras);
    return all;
  }

  private void heartbeat() {
    List<CameraSupervisor> sups;
    synchronized (this) {
      sups = new ArrayList<>(running.values());
    }
    for (CameraSupervisor sup : sups) {
      String[] s = sup.currentState();
      if (CameraStatus.ONLINE.equals(s[0])) {
        status.publish(sup.camera().id(), s[0], s[1]);
      }
    }
  }

  /** Stops readers, leaves the group and flushes the producer; bounded to about 9 s in all. */
  @Override
  public void close() {
    kafkaStartup.stop();
    List<CameraSupervisor> sups;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      sups = new ArrayList<>(running.values());
      running.clear();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    // stop reading before leaving the group, so no camera is ever read by two workers at once
    stopAll(sups);
    if (membership != null) {
      membership.close();
    }
    if (publisher != null) {
      publisher.close(Duration.ofSeconds(3));
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    log.info("ingest worker {} stopped", workerId);
  }
}
