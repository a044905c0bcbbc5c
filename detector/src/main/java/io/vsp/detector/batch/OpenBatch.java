package io.vsp.detector.batch;

import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.preprocess.Letterbox;
import io.vsp.detector.preprocess.PreparedFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The batch the batcher is filling: its frames in consumption order, each with its fate. Batcher thread only. */
final class OpenBatch {
  final List<FrameRecord> frames = new ArrayList<>();
  private final List<String> outcomes = new ArrayList<>();
  private final List<Integer> slots = new ArrayList<>();
  private final Letterbox[] letterboxes; // by slot
  private final FrameWindow window; // null live
  private int used;
  InputBatch input; // taken with the first frame to infer
  long firstNanos;

  /** @param window a replay's window, committed with the offsets; null live */
  OpenBatch(int batchMax, FrameWindow window) {
    letterboxes = new Letterbox[batchMax];
    this.window = window;
  }

  /** A frame that is not inferred: stale, corrupt, or skipped by a replay. */
  void add(FrameRecord f, String outcome) {
    add(f, outcome, -1);
  }

  /** A frame preprocessed into input slot {@code p.slot()}. */
  void add(FrameRecord f, String outcome, PreparedFrame p) {
    if (p.slot() >= letterboxes.length || letterboxes[p.slot()] != null) {
      throw new IllegalStateException("input slot " + p.slot() + " given twice or beyond " + letterboxes.length);
    }
    letterboxes[p.slot()] = p.letterbox();
    used++;
    add(f, outcome, p.slot());
  }

  private void add(FrameRecord f, String outcome, int slot) {
    if (frames.isEmpty()) {
      firstNanos = f.polledNanos();
    }
    frames.add(f);
    outcomes.add(outcome);
    slots.add(slot);
  }

  /** Input slots filled, from 0 on. */
  int used() {
    return used;
  }

  boolean isEmpty() {
    return frames.isEmpty();
  }

  Batch toBatch(long number, ConsumerGroupMetadata group, long formedNanos, long rewinds) {
    return new Batch(number, frames, outcomes, slots, Arrays.asList(letterboxes).subList(0, used),
        used == 0 ? null : input, used, offsets(), group, formedNanos, rewinds);
  }

  private Map<TopicPartition, OffsetAndMetadata> offsets() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (FrameRecord f : frames) {
      offsets.merge(f.partition(), new OffsetAndMetadata(f.offset() + 1,
          window == null ? "" : window.commitMetadata(f.partition())),
          (a, b) -> a.offset() >= b.offset() ? a : b);
    }
    return offsets;
  }
}
