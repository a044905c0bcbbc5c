package io.vsp.detector.batch;

import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.preprocess.Letterbox;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A batch handed from the batcher to the inference stage: every frame taken from Kafka in this round,
 * each with its fate, the engine input holding the frames to infer, and the offsets to commit once
 * their detections are sent.
 *
 * @param frames every frame of the round, in consumption order
 * @param outcomes per frame: {@code processed} (its letterbox is in {@code letterboxes}, its image in
 *     {@code input} slot {@code slots.get(i)}), {@code stale} or {@code corrupt}
 * @param input the engine input, or null when no frame is to be inferred
 * @param used how many input slots hold frames
 * @param group the consumer's group metadata when the batch was formed (for transactional commits)
 * @param rewinds how many rewinds the batcher had applied when it formed the batch (see
 *     {@link FrameBatcher#current})
 */
public record Batch(List<FrameRecord> frames, List<String> outcomes, List<Integer> slots,
                    List<Letterbox> letterboxes, InputBatch input, int used,
                    Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                    long formedNanos, long rewinds) {
  public Batch {
    if (outcomes.size() != frames.size() || slots.size() != frames.size()) {
      throw new IllegalArgumentException("batch of " + frames.size() + " frames has " + outcomes.size()
          + " outcomes and " + slots.size() + " slots");
    }
    frames = List.copyOf(frames);
    outcomes = List.copyOf(outcomes);
    slots = List.copyOf(slots);
    letterboxes = List.copyOf(letterboxes);
    offsets = Map.copyOf(offsets);
  }
}
