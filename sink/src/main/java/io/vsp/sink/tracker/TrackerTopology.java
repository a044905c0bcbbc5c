package io.vsp.sink.tracker;

import io.vsp.sink.SinkMetrics;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The tracker as a Kafka Streams topology:
 *
 * <pre>
 *  detections ─┐
 *              ├─► TrackerProcessor ◄─► store "tracks" (TrackStore's entries, changelogged) ─► events
 *  status ─────┘
 * </pre>
 *
 * Both inputs are keyed by camera and must have the same partition count, so one task sees all of a
 * camera's records (checked before start by {@code SinkService}).
 */
public final class TrackerTopology {
  public static final String STORE = "tracks";

  private TrackerTopology() {}

  /** @param silence how long a camera may send nothing before its tracks end (3 ingest heartbeats) */
  public static Topology build(Tracker tracker, String detectionsTopic, String statusTopic, String eventsTopic,
                               Duration silence, SinkMetrics metrics, RecordGate gate) {
    Topology topology = new Topology();
    topology.addSource("detections", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        detectionsTopic);
    topology.addSource("status", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), statusTopic);
    topology.addProcessor("tracker", () -> new TrackerProcessor(tracker, statusTopic, silence, metrics, gate), "detections",
        "status");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE), Serdes.String(),
        Serdes.ByteArray()).withLoggingEnabled(Map.of(
            // a v1 store held one value per camera, with every path: its changelog may still hold such values
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(KafkaClients.MAX_RECORD_BYTES),
            // compact soon: only each camera's latest value matters for a restore
            TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024))), "tracker");
    topology.addSink("events", eventsTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
        "tracker");
    return topology;
  }
}
