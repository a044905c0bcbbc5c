package io.vsp.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the Kafka cluster is and how VSP names and creates its topics.
 *
 * @param bootstrap {@code host:port[,host:port...]} of the brokers; required outside the demo; default localhost:9092
 * @param topicPrefix put before every topic name ({@code vsp.frames}); letters, digits, '.', '_', '-'; default "vsp."
 * @param partitions partitions of a topic a service creates because it is missing, at least 1; default 12
 * @param replicationFactor replicas of a topic a service creates, at least 1; default 1
 * @param properties passed verbatim to every Kafka client (security.protocol, sasl.*, ssl.*); they win over VSP's
 *     own tuning, but may not contradict what VSP's exactly-once processing rests on ({@link #REQUIRED_VALUES}) or
 *     set what VSP derives per service ({@link #OWNED}); default none
 */
public record KafkaConfig(
    String bootstrap, String topicPrefix, int partitions, short replicationFactor, Map<String, String> properties) {
  // before DEFAULTS: static fields initialise in order, and building DEFAULTS uses it
  private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]{0,200}");
  /** Client settings VSP's exactly-once reads and writes rest on: {@code properties} may repeat them, not change them. */
  static final Map<String, List<String>> REQUIRED_VALUES = Map.of(
      "isolation.level", List.of("read_committed"), // aborted transactions' records must stay invisible
      "enable.auto.commit", List.of("false"),       // offsets commit with the output, or after it is acknowledged
      "enable.idempotence", List.of("true"),        // transactions need it; a retried send must not write twice
      "acks", List.of("all", "-1"),                 // idempotence needs it
      "group.protocol", List.of("classic"),         // ingest's client-side camera assignor needs it (KIP-848)
      "processing.guarantee", List.of("exactly_once_v2")); // the tracker's events, state, offsets commit together // the tracker's events, state and offsets commit together
  /** Client settings VSP sets per service or instance, and why. */
  static final Map<String, String> OWNED = Map.of(
      "bootstrap.servers", "set kafka.bootstrap instead",
      "group.id", "VSP names each service's consumer group after kafka.topicPrefix",
      "transactional.id", "VSP derives one per instance from --instance-id, so a restart fences its predecessor",
      "application.id", "VSP names the tracker's Kafka Streams application after kafka.topicPrefix",
      "partition.assignment.strategy", "ingest assigns cameras with its own assignor",
      "key.serializer", "VSP's records are bytes", "value.serializer", "VSP's records are bytes",
      "key.deserializer", "VSP's records are bytes", "value.deserializer", "VSP's records are bytes");
  public static final KafkaConfig DEFAULTS = new KafkaConfig("localhost:9092", "vsp.", 12, (short) 1, Map.of());

  public KafkaConfig {
    topicPrefix = topicPrefix == null ? DEFAULTS.topicPrefix : topicPrefix;
    properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    Checks checks = new Checks();
    verifyPropertiesKeepVspsGuarantees(checks, properties);
    checks
        .notBlank("bootstrap", bootstrap)
        .require(TOPIC_CHARS.matcher(topicPrefix).matches(), "topicPrefix",
            "may hold only letters, digits, '.', '_' and '-', at most 200 (got \"" + topicPrefix + "\")")
        .range("partitions", partitions, 1, 100_000)
        .range("replicationFactor", replicationFactor, 1, Short.MAX_VALUE)
        .done();
  }

  private static void verifyPropertiesKeepVspsGuarantees(Checks checks, Map<String, String> properties) {
    properties.forEach((key, value) -> {
      List<String> allowed = REQUIRED_VALUES.get(key);
      checks.require(allowed == null || allowed.contains(String.valueOf(value).trim().toLowerCase()),
          "properties." + key, "must be " + String.join(" or ", allowed == null ? List.of() : allowed)
              + " (got \"" + value + "\"): VSP's exactly-once processing rests on it; remove the key");
      checks.require(!OWNED.containsKey(key), "properties." + key, "is set by VSP: " + OWNED.get(key)
          + "; remove the key");
    });
  }

  /** The full name of topic {@code name}: {@code topic("frames")} is {@code vsp.frames}. */
  public String topic(String name) {
    return topicPrefix + name;
  }

  public KafkaConfig withBootstrap(String newBootstrap) {
    return new KafkaConfig(newBootstrap, topicPrefix, partitions, replicationFactor, properties);
  }

  /** Property values may hold passwords (sasl.jaas.config): only their keys are shown. */
  @Override
  public String toString() {
    return "KafkaConfig[bootstrap=" + bootstrap + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
        + ", replicationFactor=" + replicationFactor + ", properties=" + properties.keySet() + "]";
  }
}
