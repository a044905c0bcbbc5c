package io.vsp.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private final KafkaClients clients = new KafkaClients("broker:9093",
      Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "7"));

  @Test
  void userPropertiesReachEveryClientAndWinOverDefaults() {
    for (var p : new java.util.Properties[] {clients.admin("a"), clients.producer("p"), clients.mediaProducer("m"),
        clients.consumer("c", "g")}) {
      assertThat(p).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SASL_SSL")
          .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }
    assertThat(clients.producer("p")).containsEntry("linger.ms", "7");
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
