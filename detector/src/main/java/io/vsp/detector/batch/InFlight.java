package io.vsp.detector.batch;

import java.time.Duration;

/** Counts batches handed to inference and not yet committed, so a rebalance can wait for them. */
public final class InFlight {
  private int count; // guarded by this

  public synchronized void add() {
    count++;
  }

  public synchronized void done() {
    count--;
    notifyAll();
  }

  /** True when every batch handed over has been committed: the inference stage is free. */
  public synchronized boolean idle() {
    return count == 0;
  }

  /** Waits until no batch is in flight; false when {@code timeout} passed first. */
  public synchronized boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (count > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
