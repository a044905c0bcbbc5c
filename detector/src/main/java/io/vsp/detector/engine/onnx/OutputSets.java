package io.vsp.detector.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.vsp.detector.engine.OutputFormat;
import io.vsp.detector.engine.OutputTensor;
import io.vsp.detector.engine.contract.ElementType;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Output buffers that ONNX Runtime writes a run's outputs into (pinned outputs: {@code run(inputs, names,
 * pinned)}), so the outputs are decoded where the runtime wrote them instead of being copied into Java arrays.
 * A set is lent for one run and comes back when its {@link io.vsp.detector.engine.RawOutput} is closed, after
 * the publishing stage decoded it. A run never waits: a set is made when none is free, so there are as many
 * as the detector ever holds at once (runs in the engine plus inferred batches not yet decoded, which the
 * batch exchange bounds), each the export's full batch of every output.
 *
 * <p>The memory is Java direct buffers, freed by the garbage collector; {@link #close} frees the runtime's
 * handles, so a view read after the engine closed still reads valid (stale) memory, never freed memory.
 */
final class OutputSets {
  private final OrtEnvironment env;
  private final List<TensorSpec> outputs; // shapes as run: an open batch dimension resolved
  private final Object lock = new Object();
  // guarded by lock
  private final ArrayDeque<OutputSet> free = new ArrayDeque<>();
  // guarded by lock
  private final List<OutputSet> made = new ArrayList<>();
  // guarded by lock
  private boolean closed;

  private OutputSets(OrtEnvironment env, List<TensorSpec> outputs) {
    this.env = env;
    this.outputs = outputs;
  }

  /**
   * Output sets for {@code layout}'s outputs, or empty when an output cannot be pinned: a shape the run decides
   * (the flat table's row count) or a type that is not float32/int64 (float16 and int32 are widened by a copy).
   */
  static Optional<OutputSets> of(OrtEnvironment env, ModelLayout layout) {
    List<TensorSpec> resolved = new ArrayList<>();
    for (TensorSpec spec : layout.outputs()) {
      long[] shape = spec.shape();
      if (layout.contract().format() != OutputFormat.FLAT && shape.length > 0 && shape[0] < 0) {
        shape[0] = layout.contract().batch(); // raw and batch outputs lead with the batch the input runs at
      }
      TensorSpec run = new TensorSpec(spec.name(), spec.type(), shape);
      if (!run.isFixed() || (run.type() != ElementType.FLOAT32 && run.type() != ElementType.INT64)) {
        return Optional.empty();
      }
      resolved.add(run);
    }
    return Optional.of(new OutputSets(env, List.copyOf(resolved)));
  }

  /** The runtime's tensors over one set's buffers, the same memory as views, and how to give it back. */
  record Lease(Map<String, OnnxTensor> pinned, List<OutputTensor> views, Runnable giveBack) {}

  /** A free set, or a new one when none is free. */
  Lease take() throws OrtException {
    OutputSet set;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("engine is closed");
      }
      set = free.pollFirst();
    }
    if (set == null) {
      set = make();
    }
    OutputSet lent = set;
    AtomicBoolean out = new AtomicBoolean(true);
    return new Lease(lent.pinned, lent.views, () -> {
      if (out.compareAndSet(true, false)) {
        giveBack(lent);
      }
    });
  }

  private OutputSet make() throws OrtException {
    Map<String, OnnxTensor> pinned = new HashMap<>();
    List<OutputTensor> views = new ArrayList<>(outputs.size());
    try {
      for (TensorSpec spec : outputs) {
        ByteBuffer memory = ByteBuffer.allocateDirect(Math.toIntExact(spec.elements() * spec.type().bytes()))
            .order(ByteOrder.nativeOrder());
        // A direct native-order buffer is wrapped, not copied: the runtime writes the output into it.
        if (spec.type() == ElementType.FLOAT32) {
          pinned.put(spec.name(), OnnxTensor.createTensor(env, memory.asFloatBuffer(), spec.shape()));
          views.add(OutputTensor.ofFloats(spec.name(), spec.shape(), memory.asFloatBuffer()));
        } else {
          pinned.put(spec.name(), OnnxTensor.createTensor(env, memory.asLongBuffer(), spec.shape()));
          views.add(OutputTensor.ofLongs(spec.name(), spec.shape(), memory.asLongBuffer()));
        }
      }
    } catch (OrtException | RuntimeException e) {
      pinned.values().forEach(OnnxTensor::close);
      throw e;
    }
    OutputSet set = new OutputSet(Map.copyOf(pinned), List.copyOf(views));
    synchronized (lock) {
      if (closed) {
        set.close();
        throw new IllegalStateException("engine is closed");
      }
      made.add(set);
    }
    return set;
  }

  private void giveBack(OutputSet set) {
    synchronized (lock) {
      if (!closed) {
        free.addFirst(set); // the most recently used set is likeliest still in cache
      }
    }
  }

  /** How many sets were made (tests: reuse). */
  int made() {
    synchronized (lock) {
      return made.size();
    }
  }

  /** Frees the runtime's handles of every set, lent or free; idempotent. */
  void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      made.forEach(OutputSet::close);
      made.clear();
      free.clear();
    }
  }

  private record OutputSet(Map<String, OnnxTensor> pinned, List<OutputTensor> views) {
    void close() {
      pinned.values().forEach(OnnxTensor::close);
    }
  }
}
