package io.vsp.common.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings shared by every VSP service: the bootstrap servers, the user's {@code kafka.properties}
 * (TLS, SASL, ... passed verbatim, so security needs no code change) and sizes fit for image records.
 *
 * <p>Records are 10 KB (a P-frame) to 2 MB (a 4K keyframe or a large JPEG). Kafka caps records near 1 MiB
 * in four places; {@link #MAX_RECORD_BYTES} raises the producer, topic and consumer limits together.
 */
public final class KafkaClients {
  /** Largest record any VSP topic accepts: producer max.request.size = topic max.message.bytes = fetch size. */
  public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

  private final String bootstrap;
  private final Map<String, String> userProperties;

  public KafkaClients(String bootstrap, Map<String, String> userProperties) {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("kafka.bootstrap is empty");
    }
    this.bootstrap = bootstrap;
    this.userProperties = Map.copyOf(userProperties);
  }

  public String bootstrap() {
    return bootstrap;
  }

  /** Admin client settings. */
  public Properties admin(String clientId) {
    return base(clientId);
  }

  /**
   * Producer for media records: idempotent, small linger (a record larger than batch.size waits linger.ms
   * alone, KAFKA-21068), no compression (JPEG and H.264 do not compress), and {@code max.block.ms = 0} so
   * that {@code send()} never blocks a camera reader: when Kafka is away and {@code buffer.memory} is full,
   * send fails at once and the caller counts a drop.
   */
  public Properties mediaProducer(String clientId) {
    Properties p = producerDefaults(clientId);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    return overlay(p);
  }

  /** Producer for small JSON records (status, detections, events); may block briefly on metadata. */
  public Properties producer(String clientId) {
    return overlay(producerDefaults(clientId));
  }

  /**
   * Consumer with fetch sizes matching {@link #MAX_RECORD_BYTES}; auto-commit off.
   *
   * @param groupId the consumer group; null for a consumer that assigns partitions itself
   */
  public Properties consumer(String clientId, String groupId) {
    Properties p = base(clientId);
    if (groupId != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES));
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * MAX_RECORD_BYTES));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, BYTES_DESERIALIZER);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, BYTES_DESERIALIZER);
    return overlay(p);
  }

  private static final String BYTES_SERIALIZER = "org.apache.kafka.common.serialization.ByteArraySerializer";
  private static final String BYTES_DESERIALIZER = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

  private Properties producerDefaults(String clientId) {
    Properties p = base(clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_RECORD_BYTES));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, BYTES_SERIALIZER);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, BYTES_SERIALIZER);
    return p;
  }

  private Properties base(String clientId) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    // reconnect quickly after a broker outage, without hammering it
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "100");
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    return overlay(p);
  }

  /** The user's properties win over our defaults: they are the operator's explicit choice. */
  private Properties overlay(Properties p) {
    Map<String, String> user = new HashMap<>(userProperties);
    p.putAll(user);
    return p;
  }
}
