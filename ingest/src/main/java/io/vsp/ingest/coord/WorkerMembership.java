package io.vsp.ingest.coord;

import io.vsp.common.kafka.KafkaStartup;
import io.vsp.common.lifecycle.FatalPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This worker's membership in the ingest group, kept on its own thread ({@code coordination}). The group
 * is joined on a one-partition coordination topic that nobody reads; it exists so that Kafka tracks which
 * workers are alive. A worker that dies is dropped after the session timeout and its cameras move; a
 * worker that stops leaves at once; a changed camera list makes the worker rejoin.
 */
public final class WorkerMembership implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerMembership.class);
  /** Kafka's smallest default group.min.session.timeout.ms: a dead worker's cameras move within ~10 s. */
  static final int SESSION_TIMEOUT_MS = 6000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean rejoin;

  /** How the membership consumer is tuned (the user's kafka.properties win over it): see {@link #SESSION_TIMEOUT_MS}. */
  public static final Map<String, Object> TUNING = Map.of(
      ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS,
      ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1500,
      ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 60_000);

  /**
   * @param consumerProperties group id, bootstrap, security, tuning ({@link #TUNING}): the caller's; the protocol
   *     settings the camera assignor needs are ours (KafkaConfig refuses kafka.properties that contradict them)
   * @param fatal where this thread's unexpected death, or Kafka refusing it for good, goes
   */
  public WorkerMembership(Properties consumerProperties, String topic, CameraAssignor.WorkerState state,
                          FatalPath fatal) {
    Properties p = new Properties();
    p.putAll(consumerProperties);
    p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"); // a client-side assignor needs it (KIP-848)
    p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CameraAssignor.class.getName());
    p.put(CameraAssignor.STATE_CONFIG, state);
    this.consumer = new KafkaConsumer<>(p);
    this.topic = topic;
    this.thread = fatal.thread("coordination", this::run);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** The worker's camera list changed: rejoin so the leader splits the new list. */
  public void requestRebalance() {
    rejoin = true;
    consumer.wakeup();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (!closed) {
        try {
          if (rejoin) {
            rejoin = false;
            consumer.enforceRebalance("camera list changed");
          }
          consumer.poll(Duration.ofMillis(500));
        } catch (WakeupException e) {
          // requestRebalance or close: loop around
        } catch (RuntimeException e) {
          if (KafkaStartup.permanentProblem(e).isPresent()) {
            throw e; // e.g. no ACL for the group: retrying would only fill the log
          }
          if (!closed) {
            log.warn("ingest group membership: {}; retrying in 1 s", e.toString());
            pause();
          }
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(2)); // leaves the group, so others take over at once
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1000); // back off from a persistent error (e.g. authorization) instead of spinning
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Leaves the group; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!thread.isAlive()) {
      consumer.close(Duration.ZERO); // never started
      return;
    }
    consumer.wakeup();
    try {
      thread.join(3000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
