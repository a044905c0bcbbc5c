package io.vsp.ingest.coord;

import com.fasterxml.jackson.databind.JsonNode;
import io.vsp.common.wire.Json;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * A client-side assignor (classic group protocol) that hands out cameras instead of partitions: every
 * worker puts its known and owned cameras in its subscription's user data; the group leader splits them
 * with {@link CameraBalancer} and returns each worker its cameras in the assignment's user data. Kafka's
 * group membership does the rest: failure detection by session timeout, rejoin, leader election.
 */
public final class CameraAssignor implements ConsumerPartitionAssignor, Configurable {
  /** Consumer config key under which the worker's {@link WorkerState} is passed to this assignor. */
  public static final String STATE_CONFIG = "vsp.ingest.worker.state";

  /** The worker side: what to advertise and where to deliver the cameras assigned. */
  public interface WorkerState {
    Set<String> knownCameras();

    Set<String> ownedCameras();

    void assigned(Set<String> cameras);
  }

  private WorkerState state;

  @Override
  public void configure(Map<String, ?> configs) {
    Object s = configs.get(STATE_CONFIG);
    if (!(s instanceof WorkerState ws)) {
      throw new IllegalArgumentException(STATE_CONFIG + " must hold the worker's state");
    }
    this.state = ws;
  }

  @Override
  public String name() {
    return "vsp-cameras";
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("known", new TreeSet<>(state.knownCameras()));
    data.put("owned", new TreeSet<>(state.ownedCameras()));
    return ByteBuffer.wrap(Json.write(data));
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    Map<String, CameraBalancer.Member> members = new HashMap<>();
    groupSubscription.groupSubscription().forEach((memberId, sub) ->
        members.put(memberId, decodeMember(sub.userData())));
    Map<String, List<String>> split = CameraBalancer.assign(members);
    Map<String, Assignment> out = new HashMap<>();
    split.forEach((memberId, cameras) -> out.put(memberId,
        new Assignment(List.<TopicPartition>of(), ByteBuffer.wrap(Json.write(cameras)))));
    return new GroupAssignment(out);
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    Set<String> cameras = new TreeSet<>();
    ByteBuffer data = assignment.userData();
    if (data != null && data.hasRemaining()) {
      for (JsonNode n : Json.read(bytes(data), JsonNode.class)) {
        cameras.add(n.asText());
      }
    }
    state.assigned(cameras);
  }

  static CameraBalancer.Member decodeMember(ByteBuffer userData) {
    if (userData == null || !userData.hasRemaining()) {
      return new CameraBalancer.Member(Set.of(), Set.of());
    }
    JsonNode node = Json.read(bytes(userData), JsonNode.class);
    return new CameraBalancer.Member(strings(node.get("known")), strings(node.get("owned")));
  }

  private static Set<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return new TreeSet<>(out);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
