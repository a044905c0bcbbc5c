package io.vsp.detector.batch;

import io.vsp.detector.engine.InputBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the detector's stages meet, and the only thing they share: the free engine input buffers, the batch
 * formed and waiting for an engine slot, the batches inferred and waiting to be published (in hand-over
 * order), how many are in the engine and how many are not yet published, and the rewind and commit
 * bookkeeping. Every part is bounded: {@code inflight + 1} input buffers, one formed batch, and at most
 * {@code 2 * inflight + 1} batches handed over and not yet published.
 *
 * <p>Exactly-once rules kept here: batches are published in the order they were handed over, so a
 * partition's committed offset only moves forward; a batch formed before the latest rewind took effect is
 * not {@link #current} and must be {@link #drop dropped} uncommitted.
 *
 * <p>Any thread may call any method; {@code wakeBatcher} (the consumer's {@code wakeup}) is called outside
 * the lock whenever the batcher may have something new to do.
 */
public final class BatchExchange {
  private final int inflight;
  private final int maxUnpublished;
  private final Runnable wakeBatcher;
  private final Object lock = new Object();
  // guarded by lock
  private final ArrayDeque<InputBatch> freeInputs = new ArrayDeque<>();
  // guarded by lock: at most one
  private final ArrayDeque<Batch> formed = new ArrayDeque<>();
  // guarded by lock: by batch number
  private final TreeMap<Long, InferredBatch> inferred = new TreeMap<>();
  // guarded by lock
  private long nextHandOver;
  // guarded by lock
  private long nextPublish;
  // guarded by lock: taken by an inference thread and not yet back
  private int inEngine;
  // guarded by lock: handed over and not yet published or dropped
  private int unpublished;
  // guarded by lock: partition → offset to read again from, not yet applied by the batcher
  private final Map<TopicPartition, Long> rewinds = new HashMap<>();
  // guarded by lock: partition → the rewind count when it was last rewound
  private final Map<TopicPartition, Long> lastRewound = new HashMap<>();
  // guarded by lock
  private long rewindsAsked;
  // guarded by lock: at-least-once offsets to commit
  private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();

  /**
   * @param inflight batches the engine runs at once, at least 1
   * @param inputs the engine's input buffers, {@code inflight + 1} of them (one fills while the others infer)
   */
  public BatchExchange(int inflight, List<InputBatch> inputs, Runnable wakeBatcher) {
    if (inflight < 1 || inputs.size() != inflight + 1) {
      throw new IllegalArgumentException(inflight + " batches in flight need " + (inflight + 1)
          + " input buffers (got " + inputs.size() + ")");
    }
    this.inflight = inflight;
    this.maxUnpublished = 2 * inflight + 1;
    this.wakeBatcher = wakeBatcher;
    freeInputs.addAll(inputs);
  }

  /**
   * What the exchange can take now.
   *
   * @param formed a full batch may be handed over (it waits for an engine slot)
   * @param engine an engine slot is free: a batch not full may be handed over
   */
  public record Room(boolean formed, boolean engine) {}

  // ---- the batcher ----

  public Room room() {
    synchronized (lock) {
      boolean open = unpublished < maxUnpublished;
      return new Room(open && formed.isEmpty(), open && inEngine + formed.size() < inflight);
    }
  }

  /** A free input buffer for the open batch, or null when all are in use. */
  public InputBatch takeInput() {
    synchronized (lock) {
      return freeInputs.pollFirst();
    }
  }

  /** Gives an input buffer back: the batch it was taken for was taken apart, or its inference is over. */
  public void returnInput(InputBatch input) {
    synchronized (lock) {
      freeInputs.addLast(input);
    }
    wakeBatcher.run();
  }

  /** The number the next batch handed over must carry. */
  public long nextNumber() {
    synchronized (lock) {
      return nextHandOver;
    }
  }

  /** Hands a formed batch to inference; the batcher calls it only when {@link #room} said so. */
  public void handOver(Batch batch) {
    synchronized (lock) {
      if (batch.number() != nextHandOver || !formed.isEmpty() || unpublished >= maxUnpublished) {
        throw new IllegalStateException("batch " + batch.number() + " handed over out of turn (next "
            + nextHandOver + ", " + formed.size() + " formed, " + unpublished + " unpublished)");
      }
      nextHandOver++;
      unpublished++;
      formed.addLast(batch);
      lock.notifyAll();
    }
  }

  /** The rewinds asked and not applied yet, taken; and the count of rewinds they complete. */
  public record Rewinds(Map<TopicPartition, Long> offsets, long count) {}

  public Rewinds takeRewinds() {
    synchronized (lock) {
      Rewinds taken = new Rewinds(Map.copyOf(rewinds), rewindsAsked);
      rewinds.clear();
      return taken;
    }
  }

  public Map<TopicPartition, OffsetAndMetadata> takeCommits() {
    synchronized (lock) {
      var taken = Map.copyOf(toCommit);
      toCommit.clear();
      return taken;
    }
  }

  /** Waits until every batch handed over is published or dropped; false when {@code timeout} passed first. */
  public boolean awaitPublished(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      try {
        while (unpublished > 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  // ---- inference ----

  /** The formed batch, now counted as in the engine; null when none came within {@code timeout}. */
  public Batch takeFormed(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    Batch batch;
    synchronized (lock) {
      while (formed.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      batch = formed.pollFirst();
      inEngine++;
    }
    wakeBatcher.run(); // room for a formed batch: a full one may come
    return batch;
  }

  public boolean hasFormed() {
    synchronized (lock) {
      return !formed.isEmpty();
    }
  }

  /** The engine is done with a batch (its input buffer already returned): it may be published. */
  public void inferred(InferredBatch result) {
    synchronized (lock) {
      inEngine--;
      inferred.put(result.batch().number(), result);
      lock.notifyAll();
    }
    wakeBatcher.run(); // an engine slot is free: a batch not full may come
  }

  // ---- publishing ----

  /** The next batch to publish in hand-over order, once inferred; null when it is not within {@code timeout}. */
  public InferredBatch takeInferred(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (lock) {
      while (!inferred.containsKey(nextPublish)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
      return inferred.remove(nextPublish);
    }
  }

  /** True while a batch is in the engine or inferred and not yet taken for publishing. */
  public boolean inferring() {
    synchronized (lock) {
      return inEngine > 0 || !inferred.isEmpty();
    }
  }

  /** The batch's transaction committed (or, at least once, its records were sent): the next may go. */
  public void published(Batch batch) {
    finish(batch);
  }

  /**
   * False for a batch formed before the latest rewind took effect: it may hold frames after the rewound
   * offsets, and committing it would skip the frames being read again.
   */
  public boolean current(Batch batch) {
    synchronized (lock) {
      return batch.rewinds() == rewindsAsked;
    }
  }

  /** After an aborted transaction: read the batch's partitions again from its first offsets. */
  public void rewind(Batch batch) {
    rewind(batch.firstOffsets(), Long.MAX_VALUE);
    finish(batch);
  }

  /**
   * Gives up a batch that is not {@link #current}, uncommitted: its frames are read again. A partition
   * rewound since the batch was formed is left alone: that rewind came from an earlier batch, so it
   * already reads these frames again, and the batcher may be past it (a second seek would skip frames).
   */
  public void drop(Batch batch) {
    rewind(batch.firstOffsets(), batch.rewinds());
    finish(batch);
  }

  /** At-least-once mode: offsets to commit once their detections are acknowledged. */
  public void commitLater(Map<TopicPartition, OffsetAndMetadata> offsets) {
    synchronized (lock) {
      offsets.forEach((tp, o) -> toCommit.merge(tp, o, (a, b) -> a.offset() >= b.offset() ? a : b));
    }
  }

  /** Rewinds each partition not rewound after {@code formedAt} (rewinds count). */
  private void rewind(Map<TopicPartition, Long> first, long formedAt) {
    synchronized (lock) {
      long count = rewindsAsked + 1;
      boolean any = false;
      for (var e : first.entrySet()) {
        if (lastRewound.getOrDefault(e.getKey(), -1L) > formedAt) {
          continue;
        }
        rewinds.merge(e.getKey(), e.getValue(), Math::min);
        lastRewound.put(e.getKey(), count);
        any = true;
      }
      if (any) {
        rewindsAsked = count;
      }
    }
    wakeBatcher.run();
  }

  private void finish(Batch batch) {
    synchronized (lock) {
      if (batch.number() != nextPublish) {
        throw new IllegalStateException("batch " + batch.number() + " finished out of turn (next " + nextPublish
            + ")");
      }
      nextPublish++;
      unpublished--;
      lock.notifyAll();
    }
    wakeBatcher.run();
  }
}
