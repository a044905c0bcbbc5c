package io.vsp.bench.detector;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task on a new thread of a given name and waits for it. Native threads a library starts from that
 * thread (ONNX Runtime's intra-op pool, OpenCV's workers) inherit its kernel name, which is how the
 * per-thread CPU breakdown tells them apart.
 */
final class NamedThread {
  private NamedThread() {}

  static <T> T call(String name, Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        result.set(task.call());
      } catch (Exception e) {
        failure.set(e);
      }
    }, name);
    thread.start();
    thread.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }
}
