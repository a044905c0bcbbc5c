package io.vsp.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a timed pass on a thread named like the service's own (e.g. {@code capture:bench}, {@code clip:bench}),
 * so the per-thread CPU breakdown finds it (the kernel knows the main thread as "java") and the pass runs as
 * the service would run it. Native threads a library starts from that thread (ONNX Runtime's intra-op pool,
 * OpenCV's workers) inherit its kernel name, which is how the breakdown tells them apart.
 */
public final class NamedThread {
  private NamedThread() {
  }

  /** Calls {@code pass} on a new thread named {@code name}, waits for it, and returns or rethrows its outcome. */
  public static <T> T call(String name, Callable<T> pass) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        result.set(pass.call());
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
