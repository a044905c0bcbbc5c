package io.vsp.common.kafka;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings shared by every VSP service, in three layers: VSP's defaults (and a service's own tuning,
 * such as poll sizes and session timeouts), then the user's {@code kafka.properties} — which win over both, so
 * an operator can tune anything and TLS/SASL need no code change — then the few settings VSP's correctness rests
 * on (read_committed, manual commits, idempotence, byte-array (de)serializers, group and transactional ids).
 * {@code KafkaConfig} refuses a {@code kafka.properties} that contradicts one of those at load time, naming the
 * key (exit 2), so the last layer never silently overrides the user.
 *
 * <p>Records are 10 KB (a P-frame) to 2 MB (a 4K keyframe or a large JPEG). Kafka caps records near 1 MiB
 * in four places; {@link #MAX_RECORD_BYTES} raises the producer, topic and consumer limits together.
 */
public final class KafkaClients {
  /** Largest record any VSP topic accepts: producer max.request.size = topic max.message.bytes = fetch size. */
  public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

  private static final String BYTES_SERIALIZER = "org.apache.kafka.common.serialization.ByteArraySerializer";
  private static final String BYTES_DESERIALIZER = "org.apache.kafka.common.serialization.ByteArrayDeserializer";

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
    return layered(clientId, new Properties(), Map.of(), new Properties());
  }

  /**
   * Producer for media records: idempotent, small linger (a record larger than batch.size waits linger.ms
   * alone, KAFKA-21068), no compression (JPEG and H.264 do not compress), and {@code max.block.ms = 0} so
   * that {@code send()} never blocks a camera reader: when Kafka is away and {@code buffer.memory} is full,
   * send fails at once and the caller counts a drop.
   */
  public Properties mediaProducer(String clientId) {
    Properties defaults = producerDefaults();
    defaults.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "0");
    defaults.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    defaults.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
    return layered(clientId, defaults, Map.of(), producerRequired());
  }

  /** Producer for small JSON records (status, detections, events); may block briefly on metadata. */
  public Properties producer(String clientId) {
    return producer(clientId, Map.of());
  }

  /** A producer with the service's own tuning on top of the defaults; the user's properties still win. */
  public Properties producer(String clientId, Map<String, ?> tuning) {
    return layered(clientId, producerDefaults(), tuning, producerRequired());
  }

  /**
   * A transactional producer: {@code transactionalId} names the instance, so a restarted one fences its dead
   * predecessor at once.
   */
  public Properties transactionalProducer(String clientId, String transactionalId, Map<String, ?> tuning) {
    Properties required = producerRequired();
    required.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return layered(clientId, producerDefaults(), tuning, required);
  }

  /**
   * Consumer with fetch sizes matching {@link #MAX_RECORD_BYTES}; auto-commit off; committed records only
   * (every VSP reader expects a transactional writer's aborted records to stay invisible).
   *
   * @param groupId the consumer group; null for a consumer that assigns partitions itself
   */
  public Properties consumer(String clientId, String groupId) {
    return consumer(clientId, groupId, Map.of());
  }

  /** A consumer with the service's own tuning on top of the defaults; the user's properties still win. */
  public Properties consumer(String clientId, String groupId, Map<String, ?> tuning) {
    Properties defaults = new Properties();
    defaults.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(MAX_RECORD_BYTES));
    defaults.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(4 * MAX_RECORD_BYTES));
    Properties required = new Properties();
    if (groupId != null) {
      required.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    required.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    required.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    required.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, BYTES_DESERIALIZER);
    required.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, BYTES_DESERIALIZER);
    return layered(clientId, defaults, tuning, required);
  }

  private static Properties producerDefaults() {
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_RECORD_BYTES));
    return p;
  }

  /** Idempotence (and the acks=all it needs) keeps a retried send from writing a record twice. */
  private static Properties producerRequired() {
    Properties p = new Properties();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, BYTES_SERIALIZER);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, BYTES_SERIALIZER);
    return p;
  }

  /** VSP's defaults, then the service's tuning, then the user's properties, then what correctness requires. */
  private Properties layered(String clientId, Properties defaults, Map<String, ?> tuning, Properties required) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
    // reconnect quickly after a broker outage, without hammering it
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "100");
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    p.putAll(defaults);
    tuning.forEach((k, v) -> p.put(k, String.valueOf(v)));
    p.putAll(userProperties);
    p.putAll(required);
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }
}
