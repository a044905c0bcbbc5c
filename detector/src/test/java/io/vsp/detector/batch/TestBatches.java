package io.vsp.detector.batch;

import io.vsp.common.wire.Detections;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.InputType;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.preprocess.Letterbox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Batches, frames, inputs and outputs made by hand, for the stage tests. */
public final class TestBatches {
  public static final String TOPIC = "frames";
  public static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  public static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  public static final int BATCH = 4;
  public static final ModelContract CONTRACT = new ModelContract("test", InputType.UINT8, BATCH, 64, 64,
      OutputFormat.RAW, 80, "fp32");
  public static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("detector");

  private TestBatches() {}

  public static FrameRecord frame(TopicPartition tp, long offset) {
    return new FrameRecord("cam" + tp.partition(), "1", offset, 0, System.currentTimeMillis() * 1000, tp, offset, 160,
        90, new byte[] {1}, System.nanoTime(), ("cam" + tp.partition()).getBytes(StandardCharsets.UTF_8), true);
  }

  /**
   * Batch {@code number} of frames {@code first..first+n-1} of {@code tp}, all inferred in slots 0..n-1, formed
   * after {@code rewinds} rewinds.
   */
  public static Batch processed(long number, TopicPartition tp, long first, int n, InputBatch input, long rewinds) {
    List<FrameRecord> frames = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(frame(tp, first + i));
      slots.add(i);
    }
    return new Batch(number, frames, Collections.nCopies(n, Detections.PROCESSED), slots,
        Collections.nCopies(n, new Letterbox(160, 90, 0.4, 0, 14)), input, n,
        Map.of(tp, new OffsetAndMetadata(first + n)), GROUP, System.nanoTime(), rewinds);
  }

  /** An engine output of the RAW format in which nothing scores. */
  public static RawOutput nothingFound(int used) {
    return nothingFound(used, () -> { });
  }

  /** An engine output of the RAW format in which nothing scores, lent: {@code release} gives it back. */
  public static RawOutput nothingFound(int used, Runnable release) {
    return new RawOutput(OutputFormat.RAW, used, List.of(
        OutputTensor.ofFloats("boxes", new long[] {BATCH, 1, 4}, new float[BATCH * 4]),
        OutputTensor.ofFloats("scores", new long[] {BATCH, 1, 80}, new float[BATCH * 80])), release);
  }

  /** An engine input of direct buffers, uint8 [3,64,64] per slot. */
  public static final class HeapInput implements InputBatch {
    private final ByteBuffer[] slots = new ByteBuffer[BATCH];

    public HeapInput() {
      for (int i = 0; i < BATCH; i++) {
        slots[i] = ByteBuffer.allocateDirect(3 * 64 * 64);
      }
    }

    @Override
    public int capacity() {
      return BATCH;
    }

    @Override
    public ByteBuffer slot(int index) {
      return slots[index].clear();
    }

    @Override
    public void clear(int fromSlot) {}
  }
}
