package io.vsp.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.DisconnectException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Start-up's wait for Kafka: which errors end it (exit 2), how long it waits between tries, and SIGTERM. */
class KafkaStartupTest {
  @Test
  void backoffStartsAtHalfASecondAndDoublesUpToTenSeconds() {
    List<Long> delays = java.util.stream.IntStream.range(0, 8).mapToObj(KafkaStartup::delay)
        .map(Duration::toMillis).toList();
    assertThat(delays).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
    assertThat(KafkaStartup.delay(1000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void authorisationAndAuthenticationFailuresArePermanent() {
    for (Exception e : List.of(new TopicAuthorizationException("t"), new ClusterAuthorizationException("c"),
        new GroupAuthorizationException("g"), new TransactionalIdAuthorizationException("x"),
        new SaslAuthenticationException("bad password"))) {
      assertThat(KafkaStartup.permanentProblem(e)).as(e.getClass().getSimpleName()).isPresent();
    }
    assertThat(KafkaStartup.permanentProblem(new SaslAuthenticationException("bad password")))
        .hasValue("Kafka refused the credentials (kafka.properties: security.protocol, sasl.*, ssl.*): bad password");
  }

  @Test
  void replicationFactorTheClusterCannotGiveIsPermanentAndNamesTheKey() {
    // as Topics reports a failed creation: the Kafka error is the cause of the cause
    Exception e = new IllegalStateException("cannot create topic a.frames: only 1 broker",
        new ExecutionException(new InvalidReplicationFactorException("Unable to replicate the partition 3 time(s): "
            + "The target replication factor of 3 cannot be reached because only 1 broker(s) are registered or some "
            + "brokers have all their log directories cordoned.")));
    assertThat(KafkaStartup.permanentProblem(e)).hasValueSatisfying(problem -> assertThat(problem)
        .startsWith("kafka.replicationFactor is more than the cluster can give: Unable to replicate"));
    assertThat(KafkaStartup.permanentProblem(new PolicyViolationException("no"))).isPresent();
  }

  @Test
  void fencedBrokersMayHeal() {
    // seen in CI under load: a just-started broker missed its heartbeats and the controller fenced it a moment
    Exception e = new InvalidReplicationFactorException("Unable to replicate the partition 1 time(s): All brokers "
        + "are currently fenced, or have all their log directories cordoned.");
    assertThat(KafkaStartup.permanentProblem(e)).isEmpty();
  }

  @Test
  void brokerAwayLeaderMovingAndTimeoutsMayHeal() {
    for (Exception e : List.of(new TimeoutException("t"), new DisconnectException("d"),
        new LeaderNotAvailableException("l"), new UnknownTopicOrPartitionException("u"),
        new java.util.concurrent.TimeoutException("not writable"), new KafkaException("something else"),
        new IllegalStateException("cannot list topics", new TimeoutException("t")))) {
      assertThat(KafkaStartup.permanentProblem(e)).as(e.toString()).isEmpty();
    }
  }

  @Test
  void stepIsRetriedUntilItSucceeds() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    boolean done = new KafkaStartup("b:9092").retry("create topics", () -> {
      if (tries.incrementAndGet() < 2) {
        throw new TimeoutException("broker away");
      }
    });
    assertThat(done).isTrue();
    assertThat(tries).hasValue(2);
  }

  @Test
  void permanentErrorEndsTheWaitAtOnceNamingTheStep() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> new KafkaStartup("b:9092").retry("create topics", () -> {
      tries.incrementAndGet();
      throw new TopicAuthorizationException("Not authorized to access topics: [a.frames]");
    })).isInstanceOf(KafkaSetupException.class)
        .hasMessage("create topics: Kafka denied access; grant this service's ACLs (TopicAuthorizationException): "
            + "Not authorized to access topics: [a.frames]");
    assertThat(tries).hasValue(1);
  }

  @Test
  void stopEndsAWaitBlockedInsideAStep() throws Exception {
    KafkaStartup startup = new KafkaStartup("b:9092");
    CountDownLatch inStep = new CountDownLatch(1);
    CompletableFuture<Boolean> result = CompletableFuture.supplyAsync(() -> {
      try {
        return startup.retry("create topics", () -> {
          inStep.countDown();
          new CountDownLatch(1).await(); // a client call that would block for its whole timeout
        });
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    assertThat(inStep.await(10, TimeUnit.SECONDS)).isTrue();
    startup.stop();
    assertThat(result.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(startup.retry("again", () -> {
      throw new AssertionError("not run after stop");
    })).isFalse();
  }
}
