package io.vsp.common.testkit;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.consumeAll;
import static io.vsp.common.testkit.KafkaTestClient.createTopic;
import static io.vsp.common.testkit.KafkaTestClient.produce;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The reading helpers' contracts: from the beginning, across partitions, committed only on request. */
class KafkaTestClientTest {

  private final String bootstrap = KafkaBroker.shared().bootstrap();

  @Test
  void consumeAllReadsEveryPartitionFromTheBeginning() {
    createTopic(bootstrap, "client-all", 4);
    for (int i = 0; i < 20; i++) {
      produce(bootstrap, "client-all", "cam" + i, Integer.toString(i).getBytes(UTF_8), Map.of());
    }

    assertThat(consumeAll(bootstrap, "client-all", Duration.ofMillis(300)))
        .extracting(r -> Integer.parseInt(new String(r.value(), UTF_8)))
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).boxed().toList());
  }

  @Test
  void awaitRecordsFailsWithHowManyRecordsItSaw() {
    createTopic(bootstrap, "client-await", 1);
    produce(bootstrap, "client-await", "a", new byte[5], Map.of());
    produce(bootstrap, "client-await", "b", new byte[3], Map.of());

    assertThatThrownBy(() -> awaitRecords(bootstrap, "client-await", r -> r.size() >= 3, Duration.ofSeconds(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Condition on topic 'client-await' was not fulfilled within 1000 ms; "
            + "saw 2 records (1 partitions); last: partition 0 offset 1 key 'b' 3 bytes");
  }

  @Test
  void awaitRecordsWaitsForATopicThatIsCreatedLater() {
    CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
      createTopic(bootstrap, "client-late", 2);
      produce(bootstrap, "client-late", "a", new byte[1], Map.of());
    }, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

    assertThat(awaitRecords(bootstrap, "client-late", r -> r.size() == 1, Duration.ofSeconds(20))).hasSize(1);
    later.join();
  }

  @Test
  void readingAMissingTopicFailsNamingIt() {
    assertThatThrownBy(() -> consumeAll(bootstrap, "client-missing", Duration.ofMillis(100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("topic 'client-missing' does not exist on " + bootstrap);
  }

  @Test
  void readCommittedSkipsAbortedTransactions() {
    createTopic(bootstrap, "client-tx", 1);
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "client-tx-test");
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("client-tx", "aborted".getBytes(UTF_8)));
      producer.flush(); // abortTransaction drops unsent records: make sure this one is in the log
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("client-tx", "committed".getBytes(UTF_8)));
      producer.commitTransaction();
    }

    assertThat(awaitRecords(bootstrap, "client-tx", r -> !r.isEmpty(), Duration.ofSeconds(20), true))
        .extracting(r -> new String(r.value(), UTF_8)).containsExactly("committed");
    assertThat(consumeAll(bootstrap, "client-tx", Duration.ofMillis(300), false))
        .extracting(r -> new String(r.value(), UTF_8)).containsExactly("aborted", "committed");
  }
}
