package io.vsp.detector.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Exports of one network at several fixed batch sizes, run as one engine: each batch runs on the smallest
 * export that holds it, so a partial batch costs about what it holds instead of a full batch's padding. Its
 * contract is the largest export's (the batcher forms batches up to that size); its input buffers are the
 * largest export's, and every smaller export runs on a view of their first slots, so any batch in flight can
 * run on any export. Each export is as thread-safe as alone (ONNX Runtime: concurrent runs on one session;
 * TensorRT: one execution context per batch in flight, in every export).
 */
public final class Exports implements InferenceEngine {
  private final List<InferenceEngine> engines; // by batch size, ascending
  private final int[] capacities;
  private final InferenceEngine largest;

  /**
   * @param engines loaded exports of one network, distinct batch sizes, the same input contract (checked by
   *     {@link Engines#open}); closed by {@link #close()}
   */
  public Exports(List<InferenceEngine> engines) {
    if (engines.size() < 2) {
      throw new IllegalArgumentException("exports need at least two engines, got " + engines.size());
    }
    this.engines = engines.stream().sorted(Comparator.comparingInt(e -> e.contract().batch())).toList();
    this.capacities = this.engines.stream().mapToInt(e -> e.contract().batch()).toArray();
    for (int i = 1; i < capacities.length; i++) {
      if (capacities[i] == capacities[i - 1]) {
        throw new IllegalArgumentException("two exports of batch " + capacities[i]);
      }
    }
    this.largest = this.engines.get(this.engines.size() - 1);
  }

  /**
   * Which export runs a batch of {@code used} frames: the index of the smallest capacity that holds it.
   *
   * @param capacities the exports' batch sizes, ascending
   * @throws IllegalArgumentException when no export holds {@code used} frames
   */
  public static int choose(int[] capacities, int used) {
    for (int i = 0; i < capacities.length; i++) {
      if (capacities[i] >= used) {
        return i;
      }
    }
    throw new IllegalArgumentException(used + " frames fit no export (largest batch "
        + capacities[capacities.length - 1] + ")");
  }

  @Override
  public ModelContract contract() {
    return largest.contract();
  }

  @Override
  public String engineName() {
    return largest.engineName();
  }

  @Override
  public InputBatch newInputBatch() {
    InputBatch full = largest.newInputBatch();
    List<InputBatch> views = new ArrayList<>(engines.size());
    for (InferenceEngine engine : engines) {
      views.add(engine == largest ? full : engine.viewOf(full));
    }
    return new SharedBatch(full, views, this);
  }

  @Override
  public int runBatch(int used) {
    return engines.get(choose(capacities, used)).runBatch(used);
  }

  @Override
  public RawOutput infer(InputBatch batch, int used) throws EngineException {
    if (!(batch instanceof SharedBatch shared) || shared.owner != this) {
      throw new IllegalArgumentException("input batch was not made by these exports");
    }
    if (used < 1 || used > batch.capacity()) {
      throw new IllegalArgumentException("used " + used + " is outside 1.." + batch.capacity());
    }
    int chosen = choose(capacities, used);
    return engines.get(chosen).infer(shared.views.get(chosen), used);
  }

  /** Closes the smaller exports first: their views lean on the largest export's input memory. */
  @Override
  public void close() {
    engines.forEach(InferenceEngine::close);
  }

  /** The largest export's input batch and each export's view of it, in {@link #engines} order. */
  private record SharedBatch(InputBatch full, List<InputBatch> views, Exports owner) implements InputBatch {
    @Override
    public int capacity() {
      return full.capacity();
    }

    @Override
    public ByteBuffer slot(int index) {
      return full.slot(index);
    }

    @Override
    public void clear(int fromSlot) {
      full.clear(fromSlot);
    }

    @Override
    public boolean holdsBorder(int index, Object border) {
      return full.holdsBorder(index, border);
    }

    @Override
    public void borderWritten(int index, Object border) {
      full.borderWritten(index, border);
    }
  }
}
