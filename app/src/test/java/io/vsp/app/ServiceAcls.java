package io.vsp.app;

import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.PatternType.LITERAL;
import static org.apache.kafka.common.resource.PatternType.PREFIXED;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;

import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least ACLs each VSP service needs, as docs/OPERATIONS.md "Kafka security" lists them, worked out from the
 * code: topics it creates when missing ({@code Topics.ensure}: CREATE), writes or reads; its consumer groups;
 * its transactional ids. READ and WRITE imply DESCRIBE; an idempotent producer needs no IDEMPOTENT_WRITE on the
 * cluster once it may WRITE to a topic (KIP-679, Kafka 3.0). {@link KafkaSecurityIT} proves the list enough.
 */
final class ServiceAcls {

  enum Service { INGEST, DETECTOR, SINK }

  /** Allow {@code operations} on the resource {@code name} (a literal name or a prefix). */
  record Acl(ResourceType type, String name, PatternType pattern, AclOperation... operations) {}

  private ServiceAcls() {}

  static List<Acl> of(Service service, String prefix) {
    return switch (service) {
      case INGEST -> List.of(
          new Acl(TOPIC, prefix + "video", LITERAL, CREATE, WRITE),
          new Acl(TOPIC, prefix + "frames", LITERAL, CREATE, WRITE),
          new Acl(TOPIC, prefix + "status", LITERAL, CREATE, WRITE),
          // the worker group's membership topic: joined, never read from
          new Acl(TOPIC, prefix + "ingest-coordination", LITERAL, CREATE, READ),
          new Acl(GROUP, prefix + "ingest", LITERAL, READ));
      case DETECTOR -> List.of(
          new Acl(TOPIC, prefix + "frames", LITERAL, CREATE, READ),
          new Acl(TOPIC, prefix + "detections", LITERAL, CREATE, WRITE),
          new Acl(GROUP, prefix + "detector", LITERAL, READ),
          // <prefix>detector-<instance>, with detector.exactlyOnce (the default)
          new Acl(TRANSACTIONAL_ID, prefix + "detector-", PREFIXED, WRITE));
      case SINK -> List.of(
          new Acl(TOPIC, prefix + "detections", LITERAL, CREATE, READ),
          new Acl(TOPIC, prefix + "status", LITERAL, CREATE, READ),
          new Acl(TOPIC, prefix + "events", LITERAL, CREATE, READ, WRITE),
          new Acl(TOPIC, prefix + "clips", LITERAL, CREATE, READ, WRITE),
          new Acl(TOPIC, prefix + "video", LITERAL, CREATE, READ),
          new Acl(TOPIC, prefix + "frames", LITERAL, CREATE, READ),
          // Kafka Streams' internal topics <application.id>-…: the tracker's changelog <prefix>sink-tracks-changelog
          new Acl(TOPIC, prefix + "sink-", PREFIXED, CREATE, READ, WRITE),
          new Acl(GROUP, prefix + "sink", LITERAL, READ),
          new Acl(GROUP, prefix + "sink-clipper", LITERAL, READ),
          // the clipper's <prefix>sink-clipper-<instance> and Streams' EOS v2 <prefix>sink-<processId>-<thread>
          new Acl(TRANSACTIONAL_ID, prefix + "sink-", PREFIXED, WRITE));
    };
  }
}
