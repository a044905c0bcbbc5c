package io.vsp.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The demo's in-process broker, used through plain Kafka clients. */
class EmbeddedBrokerTest {

  private static final int PAYLOAD_BYTES = 6 << 20; // a record far above Kafka's 1 MiB default

  /** The test classpath's logback-test.xml leaves the broker's own loggers at INFO; the app's logback.xml does not. */
  @BeforeAll
  static void quietBroker() {
    for (String name : List.of("kafka", "state.change.logger", "org.apache.kafka")) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
  }

  @Test
  void brokerCreatesTopicsTakesRecordsOfSeveralMebibytesAndDeletesItsFolderWhenClosed() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.start();
    try {
      assertThat(broker.bootstrap()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(broker.dir()).isDirectory();
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrap()))) {
        admin.createTopics(List.of(new NewTopic("vsp.video", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }
      byte[] payload = new byte[PAYLOAD_BYTES];
      new Random(7).nextBytes(payload);

      RecordMetadata sent;
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
          "bootstrap.servers", broker.bootstrap(), "max.request.size", 8 << 20, "acks", "all"),
          new StringSerializer(), new ByteArraySerializer())) {
        sent = producer.send(new ProducerRecord<>("vsp.video", "lobby", payload)).get(30, TimeUnit.SECONDS);
      }

      ConsumerRecord<String, byte[]> received = readOne(broker, new TopicPartition("vsp.video", 0));
      assertThat(sent.offset()).isZero();
      assertThat(received.key()).isEqualTo("lobby");
      assertThat(Arrays.equals(received.value(), payload)).as("payload intact").isTrue();
    } finally {
      broker.close();
    }
    assertThat(broker.dir()).doesNotExist();
    broker.close(); // idempotent
  }

  @Test
  void brokerListensOnTheGivenPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (EmbeddedBroker broker = EmbeddedBroker.start(port);
         Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:" + port))) {
      assertThat(broker.bootstrap()).isEqualTo("127.0.0.1:" + port);
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  private static ConsumerRecord<String, byte[]> readOne(EmbeddedBroker broker, TopicPartition partition) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        "bootstrap.servers", broker.bootstrap(), "max.partition.fetch.bytes", 8 << 20, "fetch.max.bytes", 8 << 20),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          return record;
        }
      }
      throw new AssertionError("no record within 30 s");
    }
  }
}
