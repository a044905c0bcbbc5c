package io.vsp.common.testkit;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static io.vsp.common.testkit.KafkaTestClient.createTopic;
import static io.vsp.common.testkit.KafkaTestClient.header;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static io.vsp.common.testkit.KafkaTestClient.produce;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The broker lifecycle the integration tests rely on: shared broker, stop/kill and restart on one address. */
class KafkaBrokerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void sharedBrokerRoundTripsKeyValueAndHeaders() {
    String bootstrap = KafkaBroker.shared().bootstrap();
    createTopic(bootstrap, "broker-roundtrip", 3);

    produce(bootstrap, "broker-roundtrip", "lobby", "frame-1".getBytes(UTF_8),
        Map.of("vsp.seq", "7", "vsp.camera", "lobby"));

    List<ConsumerRecord<byte[], byte[]>> records =
        awaitRecords(bootstrap, "broker-roundtrip", r -> r.size() == 1, TIMEOUT);
    assertThat(key(records.get(0))).isEqualTo("lobby");
    assertThat(new String(records.get(0).value(), UTF_8)).isEqualTo("frame-1");
    assertThat(header(records.get(0), "vsp.seq")).isEqualTo("7");
    assertThat(header(records.get(0), "vsp.missing")).isNull();
  }

  @Test
  void sharedBrokerIsOnePerJvmAndRefusesToBeStopped() {
    KafkaBroker broker = KafkaBroker.shared();

    assertThat(KafkaBroker.shared()).isSameAs(broker);
    assertThatThrownBy(broker::stop).isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot stop the shared broker: other tests use it; "
            + "use KafkaBroker.startNew() for a broker of your own");
    broker.close(); // a no-op for the shared broker
    assertThat(broker.isRunning()).isTrue();
  }

  @Test
  void sharedBrokerAcceptsRecordsOfThreeMebibytes() {
    String bootstrap = KafkaBroker.shared().bootstrap();
    createTopic(bootstrap, "broker-large", 1);

    produce(bootstrap, "broker-large", "lobby", new byte[3 * 1024 * 1024], Map.of());

    assertThat(consumeAll(bootstrap, "broker-large", Duration.ofMillis(300)))
        .singleElement().satisfies(r -> assertThat(r.value()).hasSize(3 * 1024 * 1024));
  }

  @Nested
  class DedicatedBroker {
    // one broker for these lifecycle tests (starting one costs seconds); each test leaves it usable
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
      broker = KafkaBroker.startNew();
    }

    @AfterAll
    static void closeBroker() {
      broker.close();
    }

    @BeforeEach
    void running() {
      if (!broker.isRunning()) {
        broker.start();
      }
    }

    @Test
    void stoppedBrokerRefusesRecordsAndServesAgainOnTheSameBootstrapAfterStart() {
      String bootstrap = broker.bootstrap();
      createTopic(bootstrap, "restart", 2);
      produce(bootstrap, "restart", "a", "before".getBytes(UTF_8), Map.of());

      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      byte[] lost = "lost".getBytes(UTF_8);
      assertThatThrownBy(() -> produce(bootstrap, "restart", "a", lost, Map.of(), Duration.ofSeconds(2)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("cannot produce to 'restart' on " + bootstrap);

      broker.start();
      assertThat(broker.bootstrap()).isEqualTo(bootstrap);
      produce(bootstrap, "restart", "a", "after".getBytes(UTF_8), Map.of());
      assertThat(awaitRecords(bootstrap, "restart", r -> r.size() == 2, TIMEOUT))
          .extracting(r -> new String(r.value(), UTF_8)).containsExactly("before", "after");
    }

    @Test
    void killedBrokerKeepsItsRecordsAcrossRestart() {
      String bootstrap = broker.bootstrap();
      createTopic(bootstrap, "kill", 1);
      produce(bootstrap, "kill", "a", "acked".getBytes(UTF_8), Map.of());

      broker.kill();
      assertThat(broker.isRunning()).isFalse();
      broker.start();

      assertThat(consumeAll(bootstrap, "kill", Duration.ofMillis(300)))
          .extracting(r -> new String(r.value(), UTF_8)).containsExactly("acked");
    }

    @Test
    void brokerThatCannotStartFailsWithTheTailOfItsLog() throws IOException {
      broker.stop();
      String bootstrap = broker.bootstrap();
      int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
      try (ServerSocket squatter = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThatThrownBy(broker::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("Kafka broker " + bootstrap + " exited with code 1")
            .hasMessageContaining("--- broker.log (last lines) ---")
            .hasMessageContaining("Address already in use");
      }
      assertThat(broker.isRunning()).isFalse();
    }
  }
}
