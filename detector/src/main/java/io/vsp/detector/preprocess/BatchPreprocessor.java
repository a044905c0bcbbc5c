package io.vsp.detector.preprocess;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.detector.engine.InputBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The preprocessing stage: decodes and letterboxes a run of frames straight into the open batch's free
 * input slots, on the calling thread (the batcher) and on {@code threads - 1} helper threads at once. A
 * frame claims the next slot only once its image decoded, so the slots fill without holes; which frame
 * gets which slot depends on who finishes first, and the result says it, frame by frame, in frame order.
 *
 * <p>Each thread owns one {@link Preprocessor} (OpenCV scratch images); all are freed by {@link #close},
 * which the service calls only once the helpers and the batcher have ended.
 */
public final class BatchPreprocessor implements AutoCloseable {
  private final List<Preprocessor> preprocessors;
  private final List<BlockingQueue<Round>> helperRounds = new ArrayList<>();
  private volatile boolean running = true;

  /** @param preprocessors one per thread: the first is the caller's, each other one a helper's */
  public BatchPreprocessor(List<Preprocessor> preprocessors) {
    if (preprocessors.isEmpty()) {
      throw new IllegalArgumentException("at least one preprocessor");
    }
    this.preprocessors = List.copyOf(preprocessors);
    for (int i = 1; i < preprocessors.size(); i++) {
      helperRounds.add(new ArrayBlockingQueue<>(1));
    }
  }

  /** Threads that preprocess, the caller included. */
  public int threads() {
    return preprocessors.size();
  }

  /**
   * The loop of helper {@code index} (1 .. threads - 1), to run on its own thread
   * ({@code preprocess-<index>:<model>}); it ends at {@link #stop}.
   */
  public Runnable helper(int index) {
    if (index < 1 || index >= preprocessors.size()) {
      throw new IllegalArgumentException("helper " + index + " of " + (preprocessors.size() - 1));
    }
    return () -> helperLoop(index);
  }

  /**
   * Prepares {@code jpegs} into {@code input}, slots from {@code firstSlot} on (there must be one per frame).
   *
   * @return per frame, in the order given: its slot and letterbox, or why it did not decode; the slots
   *     taken are {@code firstSlot} up to {@code firstSlot} + the number decoded, each once
   */
  public List<PreparedFrame> prepare(List<byte[]> jpegs, InputBatch input, int firstSlot) {
    if (firstSlot < 0 || firstSlot + jpegs.size() > input.capacity()) {
      throw new IllegalArgumentException(jpegs.size() + " frames from slot " + firstSlot + " do not fit "
          + input.capacity() + " slots");
    }
    Round round = new Round(jpegs, input, firstSlot);
    if (jpegs.size() > 1) {
      for (BlockingQueue<Round> rounds : helperRounds) {
        rounds.clear(); // a round a helper did not get to is over already
        rounds.offer(round);
      }
    }
    round.work(preprocessors.get(0));
    round.await();
    return round.results();
  }

  public void stop() {
    running = false;
  }

  private void helperLoop(int index) {
    Preprocessor own = preprocessors.get(index);
    BlockingQueue<Round> rounds = helperRounds.get(index - 1);
    try {
      while (running) {
        FaultHook.throwIfTriggered("preprocess");
        Round round = rounds.poll(100, TimeUnit.MILLISECONDS);
        if (round != null) {
          round.work(own);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    preprocessors.forEach(Preprocessor::close);
  }

  /** One call's frames, shared by the threads that work on it: each takes the next frame not yet taken. */
  private static final class Round {
    private final List<byte[]> jpegs;
    private final InputBatch input;
    private final int firstSlot;
    private final AtomicInteger nextFrame = new AtomicInteger();
    private final AtomicInteger nextSlot = new AtomicInteger();
    private final PreparedFrame[] results; // each element written by one thread, read after the latch
    private final RuntimeException[] failures;
    private final CountDownLatch done;

    Round(List<byte[]> jpegs, InputBatch input, int firstSlot) {
      this.jpegs = jpegs;
      this.input = input;
      this.firstSlot = firstSlot;
      this.results = new PreparedFrame[jpegs.size()];
      this.failures = new RuntimeException[jpegs.size()];
      this.done = new CountDownLatch(jpegs.size());
    }

    void work(Preprocessor preprocessor) {
      for (int i = nextFrame.getAndIncrement(); i < jpegs.size(); i = nextFrame.getAndIncrement()) {
        try {
          int[] slot = {-1};
          Letterbox box = preprocessor.prepare(jpegs.get(i), input, () -> {
            slot[0] = firstSlot + nextSlot.getAndIncrement();
            return slot[0];
          });
          results[i] = new PreparedFrame(slot[0], box, null);
        } catch (CorruptFrameException e) {
          results[i] = PreparedFrame.undecodable(e.getMessage());
        } catch (RuntimeException e) { // a broken rule: the caller rethrows it
          failures[i] = e;
        } finally {
          done.countDown();
        }
      }
    }

    /** Waits for the frames the helpers took; the caller has run out of frames to take itself. */
    void await() {
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while frames were being preprocessed", e);
      }
    }

    List<PreparedFrame> results() {
      for (RuntimeException failure : failures) {
        if (failure != null) {
          throw failure;
        }
      }
      return List.of(results);
    }
  }
}
