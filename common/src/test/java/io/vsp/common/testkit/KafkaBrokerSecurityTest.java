package io.vsp.common.testkit;

import static io.vsp.common.testkit.KafkaTestClient.awaitRecords;
import static io.vsp.common.testkit.KafkaTestClient.key;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The secured broker the security tests rely on: SCRAM users created at run time, ACLs granted to them. */
class KafkaBrokerSecurityTest {

  @ParameterizedTest
  @EnumSource(KafkaBroker.Security.class)
  void userWithWriteAndReadAclsRoundTripsARecord(KafkaBroker.Security protocol) throws Exception {
    try (KafkaBroker broker = KafkaBroker.startSecured(protocol)) {
      KafkaAccess access = broker.access();
      access.createUser("alice", "alice-secret");
      access.allow("alice", ResourceType.TOPIC, "kit.", PatternType.PREFIXED, AclOperation.WRITE, AclOperation.READ);
      Map<String, Object> admin = new HashMap<>(broker.superUserProperties());
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
      try (Admin a = Admin.create(admin)) {
        a.createTopics(List.of(new NewTopic("kit.secured", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      }

      Map<String, Object> producer = new HashMap<>(broker.clientProperties("alice", "alice-secret"));
      producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
      try (var p = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
        p.send(new ProducerRecord<>("kit.secured", "lobby", "hello")).get(30, TimeUnit.SECONDS);
      }

      var records = awaitRecords(broker.bootstrap(), broker.clientProperties("alice", "alice-secret"), "kit.secured",
          all -> !all.isEmpty(), Duration.ofSeconds(30), false);
      assertThat(key(records.get(0))).isEqualTo("lobby");
      assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(broker.clientProperties("alice", "x")).containsEntry("security.protocol", protocol.name());
    }
  }
}
