package io.vsp.detector.infer;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.InferredBatch;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.publish.DetectorMetrics;
import java.util.concurrent.TimeUnit;

/**
 * The inference stage, one per batch in flight ({@code infer:<model>}, {@code infer-2:<model>}...): takes a
 * formed batch from the exchange, runs the engine on it, gives its input buffer back at once (the outputs are
 * in a buffer of their own, lent by the engine until the publishing stage has decoded them) and leaves the
 * outputs in the exchange for the publishing stage. A batch formed before a rewind
 * took effect is not run: it will be dropped.
 *
 * <p>Failure contract: an engine failure ({@link EngineException}) or a broken rule ends the thread with an
 * exception, which the service's fatal path turns into an exit.
 */
public final class BatchInferrer implements Runnable {
  private final InferenceEngine engine;
  private final BatchExchange exchange;
  private final DetectorMetrics metrics;
  private volatile boolean running = true;

  public BatchInferrer(InferenceEngine engine, BatchExchange exchange, DetectorMetrics metrics) {
    this.engine = engine;
    this.exchange = exchange;
    this.metrics = metrics;
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      while (running || exchange.hasFormed()) {
        FaultHook.throwIfTriggered("infer");
        Batch batch = exchange.takeFormed(100, TimeUnit.MILLISECONDS);
        if (batch != null) {
          exchange.inferred(infer(batch));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (EngineException e) {
      throw new IllegalStateException("engine " + engine.engineName() + " failed: " + e.getMessage(), e);
    }
  }

  private InferredBatch infer(Batch batch) throws EngineException {
    if (batch.input() == null) {
      return new InferredBatch(batch, null, 0);
    }
    try {
      if (!exchange.current(batch)) {
        return new InferredBatch(batch, null, 0); // formed before a rewind took effect: to be dropped
      }
      long start = System.nanoTime();
      RawOutput out = engine.infer(batch.input(), batch.used());
      double seconds = (System.nanoTime() - start) / 1e9;
      metrics.inferenceSeconds.observe(seconds);
      metrics.engineBusy.labelValues(Integer.toString(engine.runBatch(batch.used()))).inc(seconds);
      metrics.batchSize.observe(batch.used());
      return new InferredBatch(batch, out, seconds * 1000);
    } finally {
      exchange.returnInput(batch.input()); // the next batch may fill it while this one is published
    }
  }
}
