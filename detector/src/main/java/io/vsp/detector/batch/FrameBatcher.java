package io.vsp.detector.batch;

import io.vsp.common.logging.BurstLog;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first stage of the detector, on the thread that owns the Kafka consumer: fills a batch from all
 * assigned partitions up to {@code batch.max} frames or {@code batch.maxWait}, sorts out stale and
 * corrupt frames, and preprocesses the rest straight into an engine input buffer, while the inference
 * stage works on the previous batch. Memory is bounded: two input buffers, one batch in hand-off, and
 * partitions paused when too many polled frames wait.
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
  private final long maxWaitNanos;
  private final long maxFrameAgeUs;
  private final LongConsumer lagGauge;
  private final ArrayDeque<FrameRecord> pending = new ArrayDeque<>();
  private final Map<TopicPartition, Long> rewinds = new ConcurrentHashMap<>();
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new ConcurrentHashMap<>();
  private final BurstLog corruptLog = new BurstLog(log, 10_000);
  private volatile boolean running = true;
  private long lastLagNanos;

  public FrameBatcher(Consumer<byte[], byte[]> consumer, String topic, Preprocessor preprocessor,
                      BlockingQueue<InputBatch> freeInputs, BlockingQueue<Batch> handoff, InFlight inFlight,
                      int batchMax, Duration maxWait, Duration maxFrameAge, LongConsumer lagGauge) {
    this.consumer = consumer;
    this.topic = topic;
    this.preprocessor = preprocessor;
    this.freeInputs = freeInputs;
    this.handoff = handoff;
    this.inFlight = inFlight;
    this.batchMax = batchMax;
    this.maxWaitNanos = maxWait.toNanos();
    this.maxFrameAgeUs = maxFrameAge.toNanos() / 1000;
    this.lagGauge = lagGauge;
  }

  /** After an aborted transaction: read these partitions again from these offsets. Any thread. */
  public void rewind(Map<TopicPartition, Long> firstOffsets) {
    firstOffsets.forEach((tp, offset) -> rewinds.merge(tp, offset, Math::min));
    consumer.wakeup();
  }

  /** At-least-once mode: offsets to commit once their detections are acknowledged. Any thread. */
  public void commitLater(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> toCommit.merge(tp, o, (a, b) -> a.offset() >= b.offset() ? a : b));
  }

  public void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    consumer.subscribe(List.of(topic), this);
    try {
      while (running) {
        try {
          step();
        } catch (WakeupException e) {
          // rewind, commit or stop requested: loop around
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    } finally {
      inFlight.awaitIdle(Duration.ofSeconds(5)); // commit what is in flight while still in the group
      consumer.close(Duration.ofSeconds(3));
    }
  }

  private void step() throws InterruptedException {
    applyRewindsAndCommits();
    if (pending.isEmpty()) {
      poll(Duration.ofMillis(100));
      return;
    }
    // wait for more frames until the batch is full or its oldest frame has waited maxWait
    long deadline = pending.peekFirst().polledNanos() + maxWaitNanos;
    while (running && inferable() < batchMax && System.nanoTime() < deadline) {
      poll(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      applyRewindsAndCommits();
      if (pending.isEmpty()) {
        return;
      }
    }
    InputBatch input = freeInputs.take();
    Batch batch = form(input);
    inFlight.add();
    handoff.put(batch);
    updateLag();
  }

  /** Takes frames from the head of the queue until {@code batch.max} are to be inferred. */
  private Batch form(InputBatch input) {
    List<FrameRecord> frames = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    List<Letterbox> letterboxes = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    long nowUs = System.currentTimeMillis() * 1000;
    int used = 0;
    while (!pending.isEmpty() && used < batchMax) {
      FrameRecord f = pending.pollFirst();
      frames.add(f);
      offsets.merge(f.partition(), new OffsetAndMetadata(f.offset() + 1),
          (a, b) -> a.offset() >= b.offset() ? a : b);
      if (nowUs - f.captureUs() > maxFrameAgeUs) {
        outcomes.add(Detections.STALE);
        slots.add(-1);
        continue;
      }
      try {
        if (!f.wellFormed()) {
          throw new CorruptFrameException("frame record without camera, session, seq or image");
        }
        letterboxes.add(preprocessor.prepare(f.jpeg(), input.slot(used)));
        outcomes.add(Detections.PROCESSED);
        slots.add(used++);
      } catch (CorruptFrameException e) {
        corruptLog.warn("corrupt frame {} {}@{}: {}; skipped", f.camera(), f.partition(), f.offset(),
            e.getMessage());
        outcomes.add(Detections.CORRUPT);
        slots.add(-1);
      }
    }
    if (used == 0) {
      freeInputs.add(input); // nothing to infer: give the buffer back at once
      input = null;
    } else {
      input.clear(used);
    }
    return new Batch(frames, outcomes, slots, letterboxes, input, used, offsets, consumer.groupMetadata(),
        System.nanoTime());
  }

  private int inferable() {
    return pending.size(); // an upper bound: stale and corrupt frames are found when the batch forms
  }

  private void poll(Duration timeout) {
    var records = consumer.poll(timeout);
    long now = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      pending.addLast(FrameRecord.of(r, now));
    }
    // bound memory: stop fetching while a few batches' worth of frames wait
    if (pending.size() >= 4 * batchMax) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void applyRewindsAndCommits() {
    if (!rewinds.isEmpty()) {
      for (TopicPartition tp : List.copyOf(rewinds.keySet())) {
        long offset = rewinds.remove(tp);
        pending.removeIf(f -> f.partition().equals(tp));
        if (consumer.assignment().contains(tp)) {
          consumer.seek(tp, offset);
        }
      }
    }
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

  // ---- rebalances (called inside poll, on this thread) ----

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    pending.removeIf(f -> partitions.contains(f.partition()));
    // let batches already handed over finish and commit, so the next owner starts after them
    if (!inFlight.awaitIdle(Duration.ofSeconds(15))) {
      log.warn("batches still in flight after 15 s while giving up partitions {}", partitions);
    }
    applyRewindsAndCommits();
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    pending.removeIf(f -> partitions.contains(f.partition()));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    log.info("detector assigned {} partition(s) of {}", partitions.size(), topic);
  }
}
