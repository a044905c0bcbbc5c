package io.vsp.common.kafka;

import io.vsp.common.config.Secrets;
import io.vsp.common.logging.BurstLog;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's start-up wait for Kafka: a step (create the topics, ...) is tried until it succeeds, with
 * exponential backoff between failures ({@link #FIRST_DELAY} doubling to {@link #MAX_DELAY}, logged once per
 * burst). An error that waiting cannot heal ({@link #permanentProblem}) ends the wait at once with a
 * {@link KafkaSetupException}; {@link #stop} (SIGTERM) ends it at once too, even in the middle of a step.
 */
public final class KafkaStartup {
  private static final Logger log = LoggerFactory.getLogger(KafkaStartup.class);
  static final Duration FIRST_DELAY = Duration.ofMillis(500);
  static final Duration MAX_DELAY = Duration.ofSeconds(10);

  /** One try at a start-up step. */
  @FunctionalInterface
  public interface Step {
    void run() throws Exception;
  }

  private final String bootstrap;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final BurstLog retryLog = new BurstLog(log, 30_000);
  private Thread waiting; // guarded by this: the thread in retry(), interrupted by stop()

  public KafkaStartup(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  /**
   * Runs {@code step} until it succeeds or {@link #stop} is called.
   *
   * @param what the step, for the log and the error ("create topics")
   * @return true once the step succeeded, false when stopped first
   * @throws KafkaSetupException when the step failed in a way waiting cannot heal
   */
  public boolean retry(String what, Step step) throws InterruptedException {
    synchronized (this) {
      if (stopped()) {
        return false;
      }
      waiting = Thread.currentThread();
    }
    try {
      for (int failures = 0; ; failures++) {
        try {
          step.run();
          return !stopped();
        } catch (InterruptedException e) {
          if (stopped()) {
            return false;
          }
          throw e;
        } catch (Exception e) {
          if (stopped()) {
            return false; // interrupted by stop() inside the step, in whatever form the client reports it
          }
          Optional<String> problem = permanentProblem(e);
          if (problem.isPresent()) {
            throw new KafkaSetupException(what + ": " + problem.get(), e);
          }
          Duration delay = delay(failures);
          retryLog.warn("Kafka at {}: cannot {} yet ({}); retrying in {} ms", bootstrap, what,
              Secrets.mask(String.valueOf(e.getMessage())), delay.toMillis());
          if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
          }
        }
      }
    } finally {
      synchronized (this) {
        waiting = null;
        if (stopped()) {
          Thread.interrupted(); // stop()'s interrupt was for the wait only
        }
      }
    }
  }

  /** Ends a wait in progress (and any later one) at once; any thread, idempotent. */
  public synchronized void stop() {
    stopped.countDown();
    if (waiting != null) {
      waiting.interrupt(); // a step may block in a client call for its whole timeout
    }
  }

  public boolean stopped() {
    return stopped.getCount() == 0;
  }

  /** The wait after {@code failures} failures in a row: 0.5 s, 1 s, 2 s, 4 s, 8 s, then 10 s. */
  static Duration delay(int failures) {
    long ms = FIRST_DELAY.toMillis() << Math.min(Math.max(failures, 0), 10);
    return Duration.ofMillis(Math.min(ms, MAX_DELAY.toMillis()));
  }

  /**
   * What is wrong, in one line naming the setting to fix, when {@code error} (or one of its causes) is
   * something Kafka will go on refusing however long we wait; empty for what may heal (a broker away, a
   * leader moving, a timeout).
   */
  public static Optional<String> permanentProblem(Throwable error) {
    int depth = 0;
    for (Throwable e = error; e != null && depth < 16; e = e.getCause(), depth++) { // a cycle cannot hang us
      String message = Secrets.mask(String.valueOf(e.getMessage()));
      if (e instanceof KafkaSetupException) {
        return Optional.of(message);
      }
      if (e instanceof AuthenticationException) {
        return Optional.of("Kafka refused the credentials (kafka.properties: security.protocol, sasl.*, ssl.*): "
            + message);
      }
      if (e instanceof AuthorizationException) {
        return Optional.of("Kafka denied access; grant this service's ACLs (" + e.getClass().getSimpleName()
            + "): " + message);
      }
      if (e instanceof InvalidReplicationFactorException && message.contains("currently fenced")) {
        // "All brokers are currently fenced": a broker that just started, or missed heartbeats under load,
        // comes back; "only N broker(s) are registered or ... cordoned" is for good
        return Optional.empty();
      }
      if (e instanceof InvalidReplicationFactorException) {
        return Optional.of("kafka.replicationFactor is more than the cluster can give: " + message);
      }
      if (e instanceof InvalidPartitionsException) {
        return Optional.of("kafka.partitions refused by the cluster: " + message);
      }
      if (e instanceof PolicyViolationException || e instanceof InvalidConfigurationException
          || e instanceof InvalidTopicException) {
        return Optional.of("the cluster refused VSP's topics (kafka.topicPrefix, kafka.partitions, "
            + "kafka.replicationFactor, or its topic policy): " + message);
      }
      if (e instanceof ConfigException) {
        return Optional.of("kafka.properties: " + message);
      }
    }
    return Optional.empty();
  }
}
