package io.vsp.detector.batch;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.preprocess.CorruptFrameException;
import io.vsp.detector.preprocess.Letterbox;
import io.vsp.detector.preprocess.Preprocessor;
import io.vsp.common.wire.Detections;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of the detector, on the thread that owns the Kafka consumer: sorts out stale and corrupt
 * frames and preprocesses the rest straight into the open batch's engine input buffer as they arrive. A
 * full batch ({@code batch.max} frames) is handed over at once, to wait for the engine if it is busy; one
 * not full is handed over {@code batch.maxWait} after its first frame, but only once the engine is free:
 * until then it keeps taking frames, so no frame waits behind a half-empty batch that closed early.
 * Memory is bounded: two input buffers (one in the engine, one filling or waiting), one batch in the
 * hand-off, and partitions paused when too many polled frames wait.
 */
public final class FrameBatcher implements Runnable, ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(FrameBatcher.class);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Preprocessor preprocessor;
  private final BlockingQueue<InputBatch> freeInputs;
  private final BlockingQueue<Batch> handoff;
  private final InFlight inFlight;
  private final int batchMax;
  private final int pauseAt;
  private final long maxWaitNanos;
  private final long maxFrameAgeUs;
  private final LongConsumer lagGauge;
  private final FrameReader reader;
  private final ArrayDeque<FrameRecord> pending = new ArrayDeque<>();
  private final Map<TopicPartition, Long> rewinds = new ConcurrentHashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new ConcurrentHashMap<>();
  private final AtomicLong rewindsAsked = new AtomicLong();
  private long rewindsApplied; // batcher thread only
  private volatile boolean running = true;
  private OpenBatch open = new OpenBatch();
  private long lastLagNanos;

  /**
   * @param handoff where batches go to the inference stage: room for one (a full batch waits there while
   *     the engine works; one not full is handed over only when the engine is free)
   * @param inFlight batches handed over and not yet committed; idle means the inference stage is free
   */
  public FrameBatcher(Consumer<byte[], byte[]> consumer, String topic, Preprocessor preprocessor,
                      BlockingQueue<InputBatch> freeInputs, BlockingQueue<Batch> handoff, InFlight inFlight,
                      int batchMax, Duration maxWait, Duration maxFrameAge, LongConsumer lagGauge,
                      FrameReader reader) {
    this.consumer = consumer;
    this.topic = topic;
    this.preprocessor = preprocessor;
    this.freeInputs = freeInputs;
    this.handoff = handoff;
    this.inFlight = inFlight;
    this.batchMax = batchMax;
    this.pauseAt = Math.max(4 * batchMax, 16);
    this.maxWaitNanos = maxWait.toNanos();
    this.maxFrameAgeUs = maxFrameAge.toNanos() / 1000;
    this.lagGauge = lagGauge;
    this.reader = reader;
  }

  /**
   * After an aborted transaction: read these partitions again from these offsets. Batches formed before the
   * batcher applies this are no longer {@link #current}. Any thread.
   */
  public void rewind(Map<TopicPartition, Long> firstOffsets) {
    firstOffsets.forEach((tp, offset) -> rewinds.merge(tp, offset, Math::min));
    rewindsAsked.incrementAndGet(); // after the merge: whoever applies the merge sees at most this count
    consumer.wakeup();
  }

  /**
   * False for a batch formed before the latest rewind took effect: it may hold frames after the rewound
   * offsets, and committing it would skip the frames being read again. Such a batch must be dropped
   * uncommitted and its own frames rewound. Any thread.
   */
  public boolean current(Batch batch) {
    return batch.rewinds() == rewindsAsked.get();
  }

  /** At-least-once mode: offsets to commit once their detections are acknowledged. Any thread. */
  public void commitLater(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> toCommit.merge(tp, o, (a, b) -> a.offset() >= b.offset() ? a : b));
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  /**
   * The inference stage took a batch (room in the hand-off), gave an input buffer back, or finished a batch
   * (the engine is free): look at the open batch again. Any thread.
   */
  public void wake() {
    consumer.wakeup();
  }

  /**
   * Consumes until {@link #stop}. Any exception but a wakeup ends the thread after the clean-up below; the
   * thread's uncaught-exception handler (the service's fatal path) then ends the service.
   */
  @Override
  public void run() {
    consumer.subscribe(List.of(topic), this);
    try {
      while (running) {
        FaultHook.throwIfTriggered("batch");
        try {
          step();
        } catch (WakeupException e) {
          // rewind, commit, inference moved on, or stop: loop around
        }
      }
    } finally {
      inFlight.awaitIdle(Duration.ofSeconds(5)); // commit what is in flight while still in the group
      dissolve(tp -> true); // not handed over: the next owner reads these frames again
      consumer.close(Duration.ofSeconds(3));
    }
  }

  private void step() {
    applyRewindsAndCommits();
    fill();
    if (open.frames.isEmpty()) {
      poll(Duration.ofMillis(100));
      return;
    }
    long now = System.nanoTime();
    long due = open.firstNanos + maxWaitNanos;
    boolean full = open.used() == batchMax || open.frames.size() >= 4 * batchMax;
    // a full batch cannot get better: it may wait in the hand-off; one not full waits here, taking more frames
    if (full && handoff.remainingCapacity() > 0 || now >= due && inFlight.idle()) {
      handOver();
      return;
    }
    // wait for more frames, for the batch to come due, or (woken by wake) for the inference stage
    long waitNanos = !full && inFlight.idle() ? due - now : TimeUnit.MILLISECONDS.toNanos(100);
    poll(Duration.ofNanos(Math.max(1_000_000, waitNanos)));
  }

  /**
   * Moves polled frames into the open batch while it has input slots: corrupt (invalid or undecodable), stale,
   * or preprocessed.
   */
  private void fill() {
    long nowUs = System.currentTimeMillis() * 1000;
    while (!pending.isEmpty() && open.used() < batchMax && open.frames.size() < 4 * batchMax) {
      FrameRecord f = pending.peekFirst();
      if (!f.valid()) { // counted and logged by the reader
        open.add(pending.pollFirst(), Detections.CORRUPT, -1, null);
        continue;
      }
      if (nowUs - f.captureUs() > maxFrameAgeUs) {
        open.add(pending.pollFirst(), Detections.STALE, -1, null);
        continue;
      }
      if (open.input == null) {
        open.input = freeInputs.poll();
        if (open.input == null) {
          return; // both buffers busy (not expected: the engine gives its buffer back before taking another)
        }
      }
      pending.pollFirst();
      try {
        Letterbox letterbox = preprocessor.prepare(f.jpeg(), open.input.slot(open.used()));
        open.add(f, Detections.PROCESSED, open.used(), letterbox);
      } catch (CorruptFrameException e) { // a valid header over an undecodable image
        reader.undecodable(f, e.getMessage());
        open.add(f, Detections.CORRUPT, -1, null);
      }
    }
  }

  private void handOver() {
    if (open.used() == 0 && open.input != null) {
      freeInputs.add(open.input); // nothing to infer: give the buffer back at once
      open.input = null;
    } else if (open.input != null) {
      open.input.clear(open.used());
    }
    Batch batch = new Batch(open.frames, open.outcomes, open.slots, open.letterboxes, open.input, open.used(),
        open.offsets(), consumer.groupMetadata(), System.nanoTime(), rewindsApplied);
    inFlight.add();
    if (!handoff.offer(batch)) { // only this thread offers, and it saw room or an idle inference stage
      throw new IllegalStateException("hand-off full");
    }
    open = new OpenBatch();
    updateLag();
  }

  /**
   * Takes the open batch apart: its frames of partitions matching {@code drop} are forgotten, the others go
   * back to the head of the queue (to be preprocessed again), and its buffer back to the free ones.
   */
  private void dissolve(Predicate<TopicPartition> drop) {
    List<FrameRecord> keep = open.frames.stream().filter(f -> !drop.test(f.partition())).toList();
    for (int i = keep.size() - 1; i >= 0; i--) {
      pending.addFirst(keep.get(i));
    }
    if (open.input != null) {
      freeInputs.add(open.input);
    }
    open = new OpenBatch();
  }

  /**
   * Bounds memory: fetching stops while {@code pauseAt} polled frames wait, and starts again once half of
   * them are gone, before the queue runs dry (a poll of paused partitions brings nothing, however long).
   */
  private void poll(Duration timeout) {
    if (pending.size() <= pauseAt / 2 && !consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
    var records = consumer.poll(timeout);
    long now = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      pending.addLast(reader.read(r, now));
    }
    if (pending.size() >= pauseAt) {
      consumer.pause(consumer.assignment());
    }
  }

  private void applyRewindsAndCommits() {
    long asked = rewindsAsked.get(); // before taking the merges: never claims one not applied yet
    if (!rewinds.isEmpty()) {
      Set<TopicPartition> rewound = Set.copyOf(rewinds.keySet());
      dissolve(rewound::contains);
      for (TopicPartition tp : rewound) {
        long offset = rewinds.remove(tp);
        pending.removeIf(f -> f.partition().equals(tp));
        if (consumer.assignment().contains(tp)) {
          consumer.seek(tp, offset);
        }
      }
    }
    rewindsApplied = asked;
    if (!toCommit.isEmpty()) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition tp : List.copyOf(toCommit.keySet())) {
        if (consumer.assignment().contains(tp)) {
          offsets.put(tp, toCommit.remove(tp));
        } else {
          toCommit.remove(tp);
        }
      }
      consumer.commitAsync(offsets, (o, e) -> {
        if (e != null) {
          log.warn("offset commit failed (frames will be read again): {}", e.toString());
        }
      });
    }
  }

  private void updateLag() {
    long now = System.nanoTime();
    if (now - lastLagNanos < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    lastLagNanos = now;
    long lag = 0;
    for (TopicPartition tp : consumer.assignment()) {
      lag += consumer.currentLag(tp).orElse(0);
    }
    lagGauge.accept(lag + pending.size());
  }

  /** The batch being filled: its frames in consumption order, each with its fate. */
  private static final class OpenBatch {
    final List<FrameRecord> frames = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();
    final List<Integer> slots = new ArrayList<>();
    final List<Letterbox> letterboxes = new ArrayList<>();
    InputBatch input; // taken with the first frame to infer
    long firstNanos;

    void add(FrameRecord f, String outcome, int slot, Letterbox letterbox) {
      if (frames.isEmpty()) {
        firstNanos = f.polledNanos();
      }
      frames.add(f);
      outcomes.add(outcome);
      slots.add(slot);
      if (letterbox != null) {
        letterboxes.add(letterbox);
      }
    }

    /** Input slots filled: one letterbox per frame to infer. */
    int used() {
      return letterboxes.size();
    }

    Map<TopicPartition, OffsetAndMetadata> offsets() {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (FrameRecord f : frames) {
        offsets.merge(f.partition(), new OffsetAndMetadata(f.offset() + 1),
            (a, b) -> a.offset() >= b.offset() ? a : b);
      }
      return offsets;
    }
  }

  // ---- rebalances (called inside poll, on this thread) ----

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    dissolve(partitions::contains);
    pending.removeIf(f -> partitions.contains(f.partition()));
    // let batches already handed over finish and commit, so the next owner starts after them
    if (!inFlight.awaitIdle(Duration.ofSeconds(15))) {
      log.warn("batches still in flight after 15 s while giving up partitions {}", partitions);
    }
    applyRewindsAndCommits();
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    dissolve(partitions::contains);
    pending.removeIf(f -> partitions.contains(f.partition()));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    log.info("detector assigned {} partition(s) of {}", partitions.size(), topic);
  }
}
