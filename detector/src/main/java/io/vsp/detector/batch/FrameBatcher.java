package io.vsp.detector.batch;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.Detections;
import io.vsp.detector.preprocess.BatchPreprocessor;
import io.vsp.detector.preprocess.PreparedFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * The first stage of the detector, on the thread that owns the Kafka consumer: reads frames (through
 * {@link FrameReader}), sorts out stale and corrupt ones, has the rest preprocessed straight into the open
 * batch's engine input buffer as they arrive, and hands the batch to the {@link BatchExchange} when
 * {@link HandOver} says so. It applies the rewinds and at-least-once commits the later stages leave in the
 * exchange. Memory is bounded: the exchange's input buffers and batches, and partitions paused when too many
 * polled frames wait.
 *
 * <p>Given a {@link FrameWindow} (a replay), it reads each partition only up to the window's stop, marks the
 * frames outside the window {@link Batch#SKIPPED}, and once every partition has reached its stop and the last
 * batch is committed, calls {@code finished} and ends.
 */
public final class FrameBatcher implements Runnable, ConsumerRebalanceListener {
  private static final Logger log = LoggerFactory.getLogger(FrameBatcher.class);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final BatchPreprocessor preprocessor;
  private final BatchExchange exchange;
  private final HandOver handOver;
  private final int batchMax;
  private final int pauseAt;
  private final long maxFrameAgeUs;
  private final LongConsumer lagGauge;
  private final FrameReader reader;
  private final FrameWindow window; // null: live, no window
  private final Runnable finished;
  private final Set<TopicPartition> finishedPartitions = new HashSet<>();
  private final ArrayDeque<FrameRecord> pending = new ArrayDeque<>();
  private long rewindsApplied;
  private volatile boolean running = true;
  private OpenBatch open;
  private long lastLagNanos;

  /** @param consumer its {@code wakeup} must be the exchange's way to wake this batcher */
  public FrameBatcher(Consumer<byte[], byte[]> consumer, String topic, BatchPreprocessor preprocessor,
                      BatchExchange exchange, HandOver handOver, Duration maxFrameAge, LongConsumer lagGauge,
                      FrameReader reader) {
    this(consumer, topic, preprocessor, exchange, handOver, maxFrameAge, lagGauge, reader, null, () -> {});
  }

  /**
   * A batcher that reads only {@code window} (a replay) and calls {@code finished} once all of it is committed.
   *
   * @param window null for the live detector
   */
  public FrameBatcher(Consumer<byte[], byte[]> consumer, String topic, BatchPreprocessor preprocessor,
                      BatchExchange exchange, HandOver handOver, Duration maxFrameAge, LongConsumer lagGauge,
                      FrameReader reader, FrameWindow window, Runnable finished) {
    this.consumer = consumer;
    this.topic = topic;
    this.preprocessor = preprocessor;
    this.exchange = exchange;
    this.handOver = handOver;
    this.batchMax = handOver.batchMax();
    this.pauseAt = Math.max(4 * batchMax, 16);
    this.maxFrameAgeUs = maxFrameAge.toNanos() / 1000;
    this.lagGauge = lagGauge;
    this.reader = reader;
    this.window = window;
    this.finished = finished;
    this.open = newBatch();
  }

  public void stop() {
    running = false;
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
          // rewind, commit, room in the exchange, or stop: loop around
        }
      }
    } finally {
      exchange.awaitPublished(Duration.ofSeconds(5)); // commit what is in flight while still in the group
      dissolve(tp -> true); // not handed over: the next owner reads these frames again
      consumer.close(Duration.ofSeconds(3));
    }
  }

  private void step() {
    applyRewindsAndCommits();
    if (window != null && windowDone()) {
      log.info("replay window done: every partition reached its stop offset and the last batch is committed");
      running = false;
      finished.run();
      return;
    }
    fill();
    if (open.isEmpty()) {
      poll(Duration.ofMillis(100));
      return;
    }
    HandOver.Decision decision = handOver.decide(open.used(), open.frames.size(), open.firstNanos, System.nanoTime(),
        exchange.room());
    if (decision.now()) {
      handOverOpenBatch();
    } else {
      poll(Duration.ofNanos(decision.waitNanos()));
    }
  }

  /**
   * Moves polled frames into the open batch while it has input slots: corrupt (invalid or undecodable), stale,
   * or preprocessed (a run of frames at once, which the preprocessor may spread over its threads).
   */
  private void fill() {
    long nowUs = System.currentTimeMillis() * 1000;
    while (!pending.isEmpty() && !handOver.full(open.used(), open.frames.size())) {
      FrameRecord f = pending.peekFirst();
      if (window != null && !window.admits(f)) {
        open.add(pending.pollFirst(), Batch.SKIPPED);
        continue;
      }
      if (!f.valid()) { // counted and logged by the reader
        open.add(pending.pollFirst(), Detections.CORRUPT);
        continue;
      }
      if (stale(f, nowUs)) {
        open.add(pending.pollFirst(), Detections.STALE);
        continue;
      }
      if (open.input == null) {
        open.input = exchange.takeInput();
        if (open.input == null) {
          return; // all buffers busy (not expected: the engine gives one back before it takes another batch)
        }
      }
      List<FrameRecord> run = new ArrayList<>();
      int room = Math.min(batchMax - open.used(), 4 * batchMax - open.frames.size());
      while (run.size() < room && !pending.isEmpty() && pending.peekFirst().valid()
          && !stale(pending.peekFirst(), nowUs) && (window == null || window.admits(pending.peekFirst()))) {
        run.add(pending.pollFirst());
      }
      List<PreparedFrame> prepared = preprocessor.prepare(run.stream().map(FrameRecord::jpeg).toList(), open.input,
          open.used());
      for (int i = 0; i < run.size(); i++) {
        PreparedFrame p = prepared.get(i);
        if (p.decoded()) {
          open.add(run.get(i), Detections.PROCESSED, p);
        } else { // a valid header over an undecodable image
          reader.undecodable(run.get(i), p.error());
          open.add(run.get(i), Detections.CORRUPT);
        }
      }
    }
  }

  private boolean stale(FrameRecord f, long nowUs) {
    return nowUs - f.captureUs() > maxFrameAgeUs;
  }

  private OpenBatch newBatch() {
    return new OpenBatch(batchMax, window);
  }

  /**
   * The window is done when nothing waits here or in the exchange, no rewind is pending, and every partition's
   * position has reached its stop (rewinds applied first: an aborted last batch moves a position back).
   */
  private boolean windowDone() {
    if (!pending.isEmpty() || !open.isEmpty() || !consumer.assignment().containsAll(window.stops().keySet())
        || !exchange.awaitPublished(Duration.ZERO)) {
      return false;
    }
    applyRewindsAndCommits();
    if (!pending.isEmpty() || !open.isEmpty()) {
      return false;
    }
    for (var stop : window.stops().entrySet()) {
      if (consumer.position(stop.getKey()) < stop.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void handOverOpenBatch() {
    if (open.used() == 0 && open.input != null) {
      exchange.returnInput(open.input); // nothing to infer: give the buffer back at once
      open.input = null;
    } else if (open.input != null) {
      open.input.clear(open.used());
    }
    exchange.handOver(open.toBatch(exchange.nextNumber(), consumer.groupMetadata(), System.nanoTime(),
        rewindsApplied));
    open = newBatch();
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
      exchange.returnInput(open.input);
    }
    open = newBatch();
  }

  /**
   * Bounds memory: fetching stops while {@code pauseAt} polled frames wait, and starts again once half of
   * them are gone, before the queue runs dry (a poll of paused partitions brings nothing, however long).
   */
  private void poll(Duration timeout) {
    if (pending.size() <= pauseAt / 2 && !consumer.paused().isEmpty()) {
      Set<TopicPartition> resume = new HashSet<>(consumer.paused());
      resume.removeAll(finishedPartitions); // a replayed partition past its stop stays paused
      consumer.resume(resume);
    }
    var records = consumer.poll(timeout);
    long now = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      if (window != null && window.beyond(tp, r.offset())) {
        finishedPartitions.add(tp);
        consumer.pause(List.of(tp)); // again after a rebalance, which forgets pauses
        continue; // after the window: never read, never committed
      }
      pending.addLast(reader.read(r, now));
    }
    if (pending.size() >= pauseAt) {
      consumer.pause(consumer.assignment());
    }
  }

  private void applyRewindsAndCommits() {
    BatchExchange.Rewinds rewinds = exchange.takeRewinds();
    if (!rewinds.offsets().isEmpty()) {
      dissolve(rewinds.offsets()::containsKey);
      rewinds.offsets().forEach((tp, offset) -> {
        pending.removeIf(f -> f.partition().equals(tp));
        finishedPartitions.remove(tp);
        if (consumer.assignment().contains(tp)) {
          consumer.seek(tp, offset);
        }
      });
    }
    rewindsApplied = rewinds.count();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(exchange.takeCommits());
    offsets.keySet().retainAll(consumer.assignment());
    if (!offsets.isEmpty()) {
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
    dissolve(partitions::contains);
    pending.removeIf(f -> partitions.contains(f.partition()));
    // let batches already handed over finish and commit, so the next owner starts after them
    if (!exchange.awaitPublished(Duration.ofSeconds(15))) {
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
