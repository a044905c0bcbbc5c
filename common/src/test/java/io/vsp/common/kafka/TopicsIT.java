package io.vsp.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.common.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Missing topics are created with the SPEC retention, partitions and record size; existing ones are left alone. */
class TopicsIT {
  @Test
  void missingTopicsAreCreatedWithTheirSpecAndExistingOnesKept() throws Exception {
    KafkaClients clients = new KafkaClients(KafkaBroker.shared().bootstrap(), Map.of());
    Topics topics = new Topics("topics.", 3, (short) 1);
    try (Admin admin = Admin.create(clients.admin("topics-it"))) {
      admin.createTopics(List.of(new NewTopic("topics.status", 1, (short) 1))).all().get();
      topics.ensure(admin, List.of(Topics.VIDEO, Topics.FRAMES, Topics.STATUS, Topics.INGEST_COORDINATION),
          Duration.ofSeconds(10));
      topics.ensure(admin, List.of(Topics.VIDEO), Duration.ofSeconds(10)); // again: nothing to do

      var described = admin.describeTopics(Set.of("topics.video", "topics.frames", "topics.status",
          "topics.ingest-coordination")).allTopicNames().get();
      assertThat(described.get("topics.video").partitions()).hasSize(3);
      assertThat(described.get("topics.status").partitions()).hasSize(1); // existed before: untouched
      assertThat(described.get("topics.ingest-coordination").partitions()).hasSize(1);

      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
          new ConfigResource(ConfigResource.Type.TOPIC, "topics.video"),
          new ConfigResource(ConfigResource.Type.TOPIC, "topics.frames"))).all().get();
      Config video = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "topics.video"));
      Config frames = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, "topics.frames"));
      assertThat(video.get("retention.ms").value()).isEqualTo("3600000");
      assertThat(frames.get("retention.ms").value()).isEqualTo("900000");
      assertThat(frames.get("max.message.bytes").value()).isEqualTo(String.valueOf(KafkaClients.MAX_RECORD_BYTES));
    }
  }

  @Test
  void awaitingPartitionsOfAMissingTopicFailsNamingIt() throws Exception {
    KafkaClients clients = new KafkaClients(KafkaBroker.shared().bootstrap(), Map.of());
    try (Admin admin = Admin.create(clients.admin("topics-it"))) {
      assertThatThrownBy(() -> Topics.awaitWritable(admin, List.of("topics.nowhere"), Duration.ofSeconds(1)))
          .isInstanceOf(TimeoutException.class).hasMessageContaining("topics.nowhere");
    }
  }
}
