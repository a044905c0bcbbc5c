package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.common.kafka.KafkaSetupException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.junit.jupiter.api.Test;

/** How a service's end becomes the exit status: a dead thread 1, Kafka refusing for good 2 with one line. */
class ServiceMainTest {
  private final StringWriter err = new StringWriter();
  private final AtomicInteger closed = new AtomicInteger();

  @Test
  void threadThatDiesEndsTheRunWithStatusOneAfterClosing() throws Exception {
    ServiceMain main = new ServiceMain();
    int status = main.runUntilStopped("vsp test", () -> new Thread(() -> main.fail(new IllegalStateException("boom")),
        "batch:m").start(), closed::incrementAndGet, new PrintWriter(err, true));
    assertThat(status).isEqualTo(Main.RUNTIME_FAILURE);
    assertThat(closed).hasPositiveValue();
    assertThat(err.toString()).isEmpty(); // the service logged it, with the thread's name
  }

  @Test
  void kafkaRefusingAThreadForGoodEndsTheRunWithStatusTwoAndOneLine() throws Exception {
    ServiceMain main = new ServiceMain();
    int status = main.runUntilStopped("vsp test", () -> new Thread(() -> main.fail(
        new GroupAuthorizationException("Not authorized to access group: vsp.detector"))).start(),
        closed::incrementAndGet, new PrintWriter(err, true));
    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(err.toString()).isEqualTo("vsp test: Kafka denied access; grant this service's ACLs "
        + "(GroupAuthorizationException): Not authorized to access group: vsp.detector" + System.lineSeparator());
  }

  @Test
  void startThatKafkaRefusesForGoodReturnsStatusTwoAndOneLine() throws Exception {
    int status = new ServiceMain().runUntilStopped("vsp test", () -> {
      throw new KafkaSetupException("create topics: kafka.replicationFactor is more than the cluster can give", null);
    }, closed::incrementAndGet, new PrintWriter(err, true));
    assertThat(status).isEqualTo(Main.USAGE);
    assertThat(closed).hasPositiveValue();
    assertThat(err.toString()).isEqualTo("vsp test: create topics: kafka.replicationFactor is more than the cluster "
        + "can give" + System.lineSeparator());
  }
}
