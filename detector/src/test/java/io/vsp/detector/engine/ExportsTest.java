package io.vsp.detector.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.detector.batch.BatchExchange;
import io.vsp.detector.batch.TestBatches;
import io.vsp.detector.infer.BatchInferrer;
import io.vsp.detector.publish.DetectorMetrics;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several exports of one network: each batch runs on the smallest export that holds it. */
class ExportsTest {
  @Test
  void theSmallestCapacityThatHoldsTheBatchIsChosen() {
    int[] capacities = {1, 4, 8};

    assertThat(Exports.choose(capacities, 1)).isEqualTo(0);
    assertThat(Exports.choose(capacities, 2)).isEqualTo(1);
    assertThat(Exports.choose(capacities, 4)).isEqualTo(1);
    assertThat(Exports.choose(capacities, 5)).isEqualTo(2);
    assertThat(Exports.choose(capacities, 8)).isEqualTo(2);
    assertThatThrownBy(() -> Exports.choose(capacities, 9)).hasMessage("9 frames fit no export (largest batch 8)");
  }

  @Test
  void aBatchRunsOnTheSmallestExportHoldingItOverTheLargestExportsBuffer() throws EngineException {
    FakeExport b4 = new FakeExport(4);
    FakeExport b1 = new FakeExport(1);
    try (Exports exports = new Exports(List.of(b4, b1))) {
      InputBatch input = exports.newInputBatch();
      input.slot(0).put(0, (byte) 7);

      exports.infer(input, 1);
      exports.infer(input, 3);

      assertThat(exports.contract().batch()).as("batches form up to the largest export").isEqualTo(4);
      assertThat(input.capacity()).isEqualTo(4);
      assertThat(b1.runs).containsExactly(1);
      assertThat(b4.runs).containsExactly(3);
      assertThat(b1.firstBytes).as("the batch-1 export reads the shared buffer").containsExactly((byte) 7);
      assertThat(exports.runBatch(1)).isEqualTo(1);
      assertThat(exports.runBatch(2)).isEqualTo(4);
    }
    assertThat(b1.closed && b4.closed).isTrue();
  }

  @Test
  void twoExportsOfOneBatchSizeAreRefused() {
    assertThatThrownBy(() -> new Exports(List.of(new FakeExport(2), new FakeExport(2))))
        .hasMessage("two exports of batch 2");
  }

  @Test
  void engineBusyTimeIsCountedUnderTheBatchSizeThatRan() throws Exception {
    FakeExport b4 = new FakeExport(4);
    FakeExport b1 = new FakeExport(1);
    Exports exports = new Exports(List.of(b1, b4));
    BatchExchange exchange = new BatchExchange(1, List.of(exports.newInputBatch(), exports.newInputBatch()), () -> { });
    PrometheusRegistry registry = new PrometheusRegistry();
    BatchInferrer inferrer = new BatchInferrer(exports, exchange, new DetectorMetrics(registry));
    Thread thread = new Thread(inferrer, "infer:test");
    thread.start();
    try {
      exchange.handOver(TestBatches.processed(0, TestBatches.P0, 0, 1, exchange.takeInput(), 0));
      assertThat(exchange.takeInferred(10, TimeUnit.SECONDS)).isNotNull();
    } finally {
      inferrer.stop();
      thread.join(10_000);
    }

    assertThat(b1.runs).containsExactly(1);
    assertThat(b4.runs).isEmpty();
    assertThat(registry.scrape().stream().filter(m -> m.getMetadata().getName()
        .equals("vsp_detector_engine_busy_seconds")).findFirst().orElseThrow().getDataPoints())
        .singleElement().satisfies(p -> assertThat(p.getLabels().get("batch")).isEqualTo("1"));
  }

  /** An export of a fixed batch over direct memory that records its runs and finds nothing. */
  private static final class FakeExport implements InferenceEngine {
    final int batch;
    final List<Integer> runs = new CopyOnWriteArrayList<>();
    final List<Byte> firstBytes = new CopyOnWriteArrayList<>();
    boolean closed;

    FakeExport(int batch) {
      this.batch = batch;
    }

    @Override
    public ModelContract contract() {
      return new ModelContract("fake", InputType.UINT8, batch, 64, 64, OutputFormat.RAW, 80, "fp32");
    }

    @Override
    public String engineName() {
      return "fake";
    }

    @Override
    public InputBatch newInputBatch() {
      return new Slots(new DirectInputBatch(ByteBuffer.allocateDirect(batch * 3 * 64 * 64), batch, 3 * 64 * 64,
          this));
    }

    @Override
    public InputBatch viewOf(InputBatch larger) {
      return new Slots(((Slots) larger).slots().view(batch, this));
    }

    @Override
    public RawOutput infer(InputBatch input, int used) {
      if (!((Slots) input).slots().ownedBy(this) || input.capacity() != batch) {
        throw new IllegalArgumentException("not this export's batch");
      }
      runs.add(used);
      if (batch == 1) {
        firstBytes.add(input.slot(0).get(0));
      }
      return TestBatches.nothingFound(used);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private record Slots(DirectInputBatch slots) implements SlotsBatch {}
}
