package io.vsp.common.kafka;

/**
 * Kafka refused something that waiting will not change (credentials, ACLs, a replication factor or partition
 * count the cluster cannot give, a topic policy): the service stops with exit status 2 and this one-line
 * message, which names the setting to fix.
 */
public final class KafkaSetupException extends RuntimeException {
  public KafkaSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
