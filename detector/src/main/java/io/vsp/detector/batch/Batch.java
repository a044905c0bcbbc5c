package io.vsp.detector.batch;

import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.preprocess.Letterbox;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch handed from the batcher to inference through the {@link BatchExchange}: every frame taken from
 * Kafka in this round, each with its fate, the engine input holding the frames to infer, and the offsets
 * to commit once their detections are sent.
 *
 * @param number place in hand-over order, from 0: batches are published in this order
 * @param frames every frame of the round, in consumption order
 * @param outcomes per frame: {@code processed} (its image in {@code input} slot {@code slots.get(i)}),
 *     {@code stale}, {@code corrupt}, or {@link #SKIPPED} (outside a replay's window: no record, offset committed)
 * @param slots per frame: its input slot, or -1
 * @param letterboxes per used input slot, in slot order: where the frame landed, to map boxes back
 * @param input the engine input, or null when no frame is to be inferred
 * @param used how many input slots hold frames
 * @param group the consumer's group metadata when the batch was formed (for transactional commits)
 * @param rewinds how many rewinds the batcher had applied when it formed the batch (see
 *     {@link BatchExchange#current})
 */
public record Batch(long number, List<FrameRecord> frames, List<String> outcomes, List<Integer> slots,
                    List<Letterbox> letterboxes, InputBatch input, int used,
                    Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                    long formedNanos, long rewinds) {
  /** The outcome of a frame outside a replay's {@link FrameWindow}: it gets no detections record. */
  public static final String SKIPPED = "skipped";

  public Batch {
    if (outcomes.size() != frames.size() || slots.size() != frames.size()) {
      throw new IllegalArgumentException("batch of " + frames.size() + " frames has " + outcomes.size()
          + " outcomes and " + slots.size() + " slots");
    }
    if (letterboxes.size() != used || (used > 0) != (input != null)) {
      throw new IllegalArgumentException("batch using " + used + " slots has " + letterboxes.size()
          + " letterboxes and " + (input == null ? "no" : "an") + " input");
    }
    frames = List.copyOf(frames);
    outcomes = List.copyOf(outcomes);
    slots = List.copyOf(slots);
    letterboxes = List.copyOf(letterboxes);
    offsets = Map.copyOf(offsets);
  }

  /** The first offset of each partition in the batch: where to read again when it is not committed. */
  public Map<TopicPartition, Long> firstOffsets() {
    Map<TopicPartition, Long> first = new java.util.HashMap<>();
    for (FrameRecord f : frames) {
      first.merge(f.partition(), f.offset(), Math::min);
    }
    return first;
  }
}
