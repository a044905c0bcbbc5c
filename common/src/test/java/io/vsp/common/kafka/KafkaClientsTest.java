package io.vsp.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private final KafkaClients clients = new KafkaClients("broker:9093", Map.of("security.protocol", "SASL_SSL",
      "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "7", "max.poll.records", "3", "session.timeout.ms", "45000"));

  @Test
  void userPropertiesReachEveryClientAndWinOverDefaults() {
    for (Properties p : new Properties[] {clients.admin("a"), clients.producer("p"), clients.mediaProducer("m"),
        clients.consumer("c", "g"), clients.transactionalProducer("t", "tx", Map.of())}) {
      assertThat(p).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }
    assertThat(clients.producer("p")).containsEntry("linger.ms", "7");
  }

  @Test
  void userPropertiesWinOverAServicesTuning() {
    Properties p = clients.consumer("c", "g", Map.of("max.poll.records", 16, "session.timeout.ms", 10_000,
        "heartbeat.interval.ms", 2000));
    assertThat(p).containsEntry("max.poll.records", "3").containsEntry("session.timeout.ms", "45000")
        .containsEntry("heartbeat.interval.ms", "2000");
  }

  @Test
  void whatCorrectnessRestsOnIsAlwaysSet() {
    assertThat(clients.consumer("c", "g")).containsEntry("group.id", "g").containsEntry("enable.auto.commit", "false")
        .containsEntry("isolation.level", "read_committed");
    assertThat(clients.transactionalProducer("t", "vsp.detector-a", Map.of("transaction.timeout.ms", 10_000)))
        .containsEntry("transactional.id", "vsp.detector-a").containsEntry("transaction.timeout.ms", "10000")
        .containsEntry("enable.idempotence", "true").containsEntry("acks", "all");
  }

  @Test
  void recordSizeLimitsAreRaisedTogether() {
    String max = String.valueOf(KafkaClients.MAX_RECORD_BYTES);
    assertThat(clients.producer("p")).containsEntry("max.request.size", max).containsEntry("enable.idempotence", "true");
    assertThat(clients.consumer("c", "g")).containsEntry("max.partition.fetch.bytes", max);
    assertThat(Topics.FRAMES.configs()).containsEntry("max.message.bytes", max);
  }

  @Test
  void mediaProducerNeverBlocksTheCaller() {
    assertThat(clients.mediaProducer("m")).containsEntry("max.block.ms", "0");
  }
}
