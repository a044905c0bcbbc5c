package io.vsp.detector.infer;

import static io.vsp.detector.batch.TestBatches.CONTRACT;
import static io.vsp.detector.batch.TestBatches.P0;
import static io.vsp.detector.batch.TestBatches.P1;
import static io.vsp.detector.batch.TestBatches.nothingFound;
import static io.vsp.detector.batch.TestBatches.processed;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.InferredBatch;
import io.vsp.detector.batch.TestBatches;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.publish.DetectorMetrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inference stage between a test batcher and a test publisher, on a counting engine. */
class BatchInferrerTest {
  final BatchExchange exchange = new BatchExchange(1, List.of(new TestBatches.HeapInput(),
      new TestBatches.HeapInput()), () -> { });
  final List<Integer> runs = new CopyOnWriteArrayList<>();
  final BatchInferrer inferrer = new BatchInferrer(new CountingEngine(), exchange,
      new DetectorMetrics(new PrometheusRegistry()));
  final Thread thread = new Thread(inferrer, "infer:test");

  @AfterEach
  void stop() throws InterruptedException {
    inferrer.stop();
    thread.join(10_000);
  }

  @Test
  void runsTheEngineOnTheUsedSlotsAndGivesTheInputBackBeforePublishing() throws Exception {
    thread.start();
    InputBatch input = exchange.takeInput();
    exchange.handOver(processed(0, P0, 0, 3, input, 0));

    InferredBatch inferred = exchange.takeInferred(10, TimeUnit.SECONDS);

    assertThat(runs).containsExactly(3);
    assertThat(inferred.output().used()).isEqualTo(3);
    assertThat(exchange.takeInput()).isNotNull();
    assertThat(exchange.takeInput()).as("the batch's buffer is free again").isSameAs(input);
  }

  @Test
  void aBatchFormedBeforeARewindIsNotRun() throws Exception {
    Batch aborted = processed(0, P1, 0, 1, exchange.takeInput(), 0);
    exchange.handOver(aborted);
    exchange.inferred(new InferredBatch(exchange.takeFormed(1, TimeUnit.SECONDS), null, 0));
    exchange.handOver(processed(1, P0, 0, 2, new TestBatches.HeapInput(), 0));
    exchange.takeInferred(1, TimeUnit.SECONDS);
    exchange.rewind(aborted);
    thread.start();

    InferredBatch inferred = exchange.takeInferred(10, TimeUnit.SECONDS);

    assertThat(inferred.batch().number()).isEqualTo(1);
    assertThat(inferred.output()).as("to be dropped").isNull();
    assertThat(runs).isEmpty();
  }

  /** An engine that records how many slots each run used and finds nothing. */
  private final class CountingEngine implements InferenceEngine {
    @Override
    public ModelContract contract() {
      return CONTRACT;
    }

    @Override
    public String engineName() {
      return "counting";
    }

    @Override
    public InputBatch newInputBatch() {
      return new TestBatches.HeapInput();
    }

    @Override
    public RawOutput infer(InputBatch batch, int used) {
      runs.add(used);
      return nothingFound(used);
    }

    @Override
    public void close() {}
  }
}
