package io.vsp.common.testkit;

import io.vsp.common.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Blocking Kafka helpers for tests: create a topic, produce one record, and read a topic from the
 * beginning (all partitions, no consumer group) until it is quiet or until the records seen satisfy a
 * condition. Records travel as raw bytes; header values are UTF-8 text as on every VSP topic.
 */
public final class KafkaTestClient {

  /** Above any record a VSP topic accepts (services raise topic max.message.bytes over the broker's 4 MiB). */
  private static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
  private static final Duration DEFAULT_PRODUCE_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration MAX_CONSUME_ALL = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);

  private KafkaTestClient() {}

  public static void createTopic(String bootstrap, String name, int partitions) {
    createTopic(bootstrap, name, partitions, Map.of());
  }

  /**
   * Creates a topic with replication factor 1 and the given topic configs, and returns once every
   * partition is writable (see {@link Topics#awaitWritable}); fails if it exists.
   */
  public static void createTopic(String bootstrap, String name, int partitions, Map<String, String> configs) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      Topics.awaitWritable(admin, List.of(name), Duration.ofSeconds(30));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topic '" + name + "' on " + bootstrap + ": " + causeOf(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  public static RecordMetadata produce(String bootstrap, String topic, String key, byte[] value,
                                       Map<String, String> headers) {
    return produce(bootstrap, topic, key, value, headers, DEFAULT_PRODUCE_TIMEOUT);
  }

  /**
   * Sends one record (acks=all) and waits for it to be written; throws when it is not written within
   * {@code timeout} (the broker is down, the topic is missing, the record is too large).
   */
  public static RecordMetadata produce(String bootstrap, String topic, String key, byte[] value,
                     Map<String, String> headers, Duration timeout) {
    int millis = (int) timeout.toMillis();
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, utf8(key), value);
    headers.forEach((k, v) -> record.headers().add(k, utf8(v)));
    try (KafkaProducer<byte[], byte[]> producer =
           new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(record).get(millis + 5000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce to '" + topic + "' on " + bootstrap + ": " + causeOf(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing to " + topic, e);
    }
  }

  /** A producer for tests that send many records (acks=all, records up to the VSP maximum). */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Sends the records with {@link #producer} and waits until each is written; throws with the first
   * failure (a test's input that silently went missing would be blamed on the service under test).
   */
  public static void sendAll(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      records.forEach(r -> acks.add(producer.send(r)));
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce " + records.size() + " records on " + bootstrap + ": "
          + causeOf(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  /** A record keyed by {@code key} with UTF-8 headers, for {@link #producer}. */
  public static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value, Map<String, String> headers) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, utf8(key), value);
    headers.forEach((k, v) -> record.headers().add(k, utf8(v)));
    return record;
  }

  /** Every record of the topic, read from the beginning until {@code quiet} passes without a new one. */
  public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String bootstrap, String topic, Duration quiet) {
    return consumeAll(bootstrap, topic, quiet, false);
  }

  public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String bootstrap, String topic, Duration quiet,
                                 boolean readCommitted) {
    try (TopicReader reader = new TopicReader(bootstrap, Map.of(), topic, readCommitted, Duration.ZERO)) {
      Map<TopicPartition, Long> ends = reader.endOffsets();
      long deadline = System.nanoTime() + MAX_CONSUME_ALL.toNanos();
      long lastNews = System.nanoTime();
      while (true) {
        if (reader.poll(POLL) > 0) {
          lastNews = System.nanoTime();
        } else if (reader.reached(ends) && System.nanoTime() - lastNews >= quiet.toNanos()) {
          return List.copyOf(reader.records());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topic '" + topic + "' never went quiet for " + quiet.toMillis()
              + " ms within " + MAX_CONSUME_ALL.toSeconds() + " s; saw " + reader.describe());
        }
      }
    }
  }

  public static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String bootstrap, String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
    return awaitRecords(bootstrap, topic, done, timeout, false);
  }

  /**
   * Reads the topic from the beginning, accumulating records, until they satisfy {@code done}; returns
   * them all. Waits for the topic to exist too. Fails after {@code timeout} with how many records were
   * seen and the last one.
   */
  public static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String bootstrap, String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout, boolean readCommitted) {
    return awaitRecords(bootstrap, Map.of(), topic, done, timeout, readCommitted);
  }

  /** {@link #awaitRecords} on a secured broker, logged in with {@code clientProperties} (security.protocol, sasl.*...). */
  public static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String bootstrap, Map<String, String> clientProperties,
      String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout, boolean readCommitted) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (TopicReader reader = new TopicReader(bootstrap, clientProperties, topic, readCommitted, timeout)) {
      do {
        reader.poll(POLL);
        if (done.test(reader.records())) {
          return List.copyOf(reader.records());
        }
      } while (System.nanoTime() < deadline);
      throw new AssertionError("Condition on topic '" + topic + "' was not fulfilled within "
          + timeout.toMillis() + " ms; saw " + reader.describe());
    }
  }

  /** The last value of header {@code key} as UTF-8 text, or null when the record has none. */
  public static String header(ConsumerRecord<?, ?> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The record key as UTF-8 text (VSP keys are camera ids). */
  public static String key(ConsumerRecord<byte[], ?> record) {
    return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String causeOf(Exception e) {
    return String.valueOf(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
  }

  /** One consumer assigned to every partition of a topic, positioned at the beginning. */
  private static final class TopicReader implements AutoCloseable {
    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    /** Waits up to {@code waitForTopic} for the topic to exist (a service under test may create it late). */
    TopicReader(String bootstrap, Map<String, String> clientProperties, String topic, boolean readCommitted,
                Duration waitForTopic) {
      this.topic = topic;
      Map<String, Object> config = new HashMap<>(clientProperties);
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
      config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
      config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_RECORD_BYTES * 2);
      this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      long deadline = System.nanoTime() + waitForTopic.toNanos();
      do {
        consumer.partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      } while (partitions.isEmpty() && System.nanoTime() < deadline && pause());
      if (partitions.isEmpty()) {
        consumer.close();
        throw new IllegalStateException("topic '" + topic + "' does not exist on " + bootstrap
            + (waitForTopic.isZero() ? "" : " (waited " + waitForTopic.toMillis() + " ms)"));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    int poll(Duration timeout) {
      int before = records.size();
      consumer.poll(timeout).forEach(records::add);
      return records.size() - before;
    }

    Map<TopicPartition, Long> endOffsets() {
      return consumer.endOffsets(partitions, Duration.ofSeconds(30));
    }

    boolean reached(Map<TopicPartition, Long> ends) {
      return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** A read-only view of everything read so far. */
    List<ConsumerRecord<byte[], byte[]>> records() {
      return Collections.unmodifiableList(records);
    }

    private static boolean pause() {
      try {
        Thread.sleep(POLL.toMillis());
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    String describe() {
      if (records.isEmpty()) {
        return "0 records (" + partitions.size() + " partitions of '" + topic + "')";
      }
      ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
      return records.size() + " records (" + partitions.size() + " partitions); last: partition "
          + last.partition() + " offset " + last.offset() + " key '" + key(last) + "' "
          + (last.value() == null ? "null value" : last.value().length + " bytes");
    }

    @Override
    public void close() {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
  }
}
