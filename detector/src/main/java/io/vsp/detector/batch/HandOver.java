package io.vsp.detector.batch;

import java.util.concurrent.TimeUnit;

/**
 * When the open batch goes to inference, as a pure function of what it holds and what the exchange has
 * room for. A full batch cannot get better: it goes as soon as there is room for a formed batch, to wait
 * for the engine there. One not full goes {@code maxWait} after its first frame, but only once an engine
 * slot is free: until then it keeps taking frames, so no frame waits behind a half-empty batch that
 * closed early.
 *
 * @param batchMax input slots per batch
 * @param maxWaitNanos how long a batch not full waits for more frames after its first
 */
public record HandOver(int batchMax, long maxWaitNanos) {
  /** How long to wait for more frames when nothing else can wake the batcher sooner. */
  static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  public HandOver {
    if (batchMax < 1 || maxWaitNanos < 0) {
      throw new IllegalArgumentException("batchMax must be at least 1 and maxWait not negative (got " + batchMax
          + ", " + maxWaitNanos + " ns)");
    }
  }

  /** Hand the batch over now, or poll for up to {@code waitNanos} and ask again. */
  public record Decision(boolean now, long waitNanos) {
    static final Decision HAND_OVER = new Decision(true, 0);
  }

  /**
   * @param used input slots filled
   * @param frames frames in the batch, stale and corrupt ones included
   * @param firstNanos when its first frame was polled
   * @param room what the exchange can take now
   */
  public Decision decide(int used, int frames, long firstNanos, long nowNanos, BatchExchange.Room room) {
    boolean full = full(used, frames);
    long due = firstNanos + maxWaitNanos;
    if (full && room.formed() || nowNanos - due >= 0 && room.engine()) {
      return Decision.HAND_OVER;
    }
    // wait for more frames, for the batch to come due, or (woken by the exchange) for room
    long wait = !full && room.engine() ? due - nowNanos : IDLE_WAIT_NANOS;
    return new Decision(false, Math.max(MIN_WAIT_NANOS, wait));
  }

  /**
   * Every slot is filled, or the batch holds so many stale and corrupt frames that it should go anyway
   * (their records are owed too, and frames waiting in it are not bounded otherwise).
   */
  public boolean full(int used, int frames) {
    return used >= batchMax || frames >= 4 * batchMax;
  }
}
