package io.vsp.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the Kafka cluster is and how VSP names and creates its topics.
 *
 * @param bootstrap {@code host:port[,host:port...]} of the brokers; required outside the demo; default localhost:9092
 * @param topicPrefix put before every topic name ({@code vsp.frames}); letters, digits, '.', '_', '-'; default "vsp."
 * @param partitions partitions of a topic a service creates because it is missing, at least 1; default 12
 * @param replicationFactor replicas of a topic a service creates, at least 1; default 1
 * @param properties passed verbatim to every Kafka client (security.protocol, sasl.*, ssl.*); default none
 */
public record KafkaConfig(
    String bootstrap, String topicPrefix, int partitions, short replicationFactor, Map<String, String> properties) {
  // before DEFAULTS: static fields initialise in order, and building DEFAULTS uses it
  private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]{0,200}");
  public static final KafkaConfig DEFAULTS = new KafkaConfig("localhost:9092", "vsp.", 12, (short) 1, Map.of());

  public KafkaConfig {
    topicPrefix = topicPrefix == null ? DEFAULTS.topicPrefix : topicPrefix;
    properties = properties == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    new Checks()
        .notBlank("bootstrap", bootstrap)
        .require(TOPIC_CHARS.matcher(topicPrefix).matches(), "topicPrefix",
            "may hold only letters, digits, '.', '_' and '-', at most 200 (got \"" + topicPrefix + "\")")
        .range("partitions", partitions, 1, 100_000)
        .range("replicationFactor", replicationFactor, 1, Short.MAX_VALUE)
        .done();
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
