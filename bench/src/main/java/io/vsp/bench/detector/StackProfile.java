package io.vsp.bench.detector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the detector's threads spend their wall time: samples the stacks of its {@code batch:},
 * {@code preprocess-N:}, {@code infer:} ({@code infer-N:}) and {@code publish:} threads at a fixed interval
 * and files each sample, by thread role, under the innermost activity it knows. Waiting counts too (for
 * frames, for a formed or inferred batch), which CPU time cannot show.
 */
final class StackProfile implements AutoCloseable {
  static final String BATCH = "batch:";
  static final String PREPROCESS = "preprocess-";
  /** Both {@code infer:<model>} and {@code infer-2:<model>}..., one per batch in flight. */
  static final String INFER = "infer";
  static final String PUBLISH = "publish:";

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final Map<Long, String> threads = new LinkedHashMap<>();
  private final Map<String, Map<String, Integer>> samples = new TreeMap<>(); // guarded by this
  private final Thread sampler;
  private volatile boolean running = true;

  private StackProfile(Duration interval) {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String role = role(t.getName());
      if (role != null) {
        threads.put(t.getId(), role);
      }
    }
    sampler = new Thread(() -> loop(interval), "bench-profile");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling the detector threads that exist now. */
  static StackProfile start(Duration interval) {
    return new StackProfile(interval);
  }

  private void loop(Duration interval) {
    long[] ids = threads.keySet().stream().mapToLong(Long::longValue).toArray();
    while (running) {
      ThreadInfo[] infos = mx.getThreadInfo(ids, 64);
      synchronized (this) {
        for (ThreadInfo info : infos) {
          if (info != null) {
            String role = threads.get(info.getThreadId());
            String activity = switch (role) {
              case BATCH, PREPROCESS -> batchActivity(info.getStackTrace());
              case INFER -> inferActivity(info.getStackTrace());
              default -> publishActivity(info.getStackTrace());
            };
            samples.computeIfAbsent(role, r -> new TreeMap<>()).merge(activity, 1, Integer::sum);
          }
        }
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The role of a detector thread by its name, or null for any other thread. */
  static String role(String thread) {
    for (String role : new String[] {BATCH, PREPROCESS, PUBLISH}) {
      if (thread.startsWith(role)) {
        return role;
      }
    }
    return thread.startsWith(INFER + ":") || thread.startsWith(INFER + "-") ? INFER : null;
  }

  /** Samples by thread role ({@link #BATCH}, {@link #PREPROCESS}, {@link #INFER}, {@link #PUBLISH}) and activity. */
  synchronized Map<String, Map<String, Integer>> samples() {
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    samples.forEach((role, counts) -> copy.put(role, new TreeMap<>(counts)));
    return copy;
  }

  static String inferActivity(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      String method = frame.getMethodName();
      if (cls.equals("ai.onnxruntime.OrtSession") && method.equals("run")) {
        return "session.run (ONNX Runtime)";
      }
      if (cls.endsWith("OnnxRuntimeEngine") && !method.equals("infer")) {
        return "copy outputs out of ONNX Runtime";
      }
      if (cls.endsWith("batch.BatchExchange") && method.equals("takeFormed")) {
        return "waiting for a formed batch";
      }
    }
    return "other";
  }

  static String publishActivity(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      String method = frame.getMethodName();
      if (cls.startsWith("io.vsp.detector.postprocess.") || cls.endsWith("publish.DetectionsDecoder")) {
        return "decode outputs, NMS";
      }
      if (method.equals("commitTransaction")) {
        return "Kafka: commit transaction";
      }
      if (method.equals("beginTransaction") || method.equals("sendOffsetsToTransaction")
          || method.equals("abortTransaction")) {
        return "Kafka: begin transaction, send offsets";
      }
      if (method.equals("send") && cls.contains("KafkaProducer")) {
        return "Kafka: send records";
      }
      if (cls.startsWith("io.vsp.common.wire.Json") || cls.startsWith("com.fasterxml.jackson")) {
        return "JSON";
      }
      if (cls.endsWith("batch.BatchExchange") && method.equals("takeInferred")) {
        return "waiting for an inferred batch";
      }
    }
    return "other";
  }

  static String batchActivity(StackTraceElement[] stack) {
    for (int i = 0; i < stack.length; i++) {
      String cls = stack[i].getClassName();
      String method = stack[i].getMethodName();
      if (cls.endsWith("preprocess.Preprocessor")) {
        return method.equals("decode") ? "JPEG decode" : "letterbox: resize, pad, RGB float planes";
      }
      if (cls.endsWith("ArrayBlockingQueue") && method.equals("poll") && caller(stack, i, "BatchPreprocessor")) {
        return "waiting for frames to preprocess";
      }
      if (cls.endsWith("CountDownLatch") && method.equals("await")) {
        return "waiting for the helpers' frames";
      }
      if (cls.contains("KafkaConsumer") || cls.startsWith("org.apache.kafka.clients.consumer")) {
        return "Kafka: consumer poll";
      }
      if (cls.endsWith("batch.FrameRecord")) {
        return "read record headers";
      }
    }
    return "other";
  }

  /** The stacks of the detector's threads now, for a stall report. */
  static String dump() {
    StringBuilder out = new StringBuilder();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (role(thread.getName()) != null) {
        out.append("\n  ").append(thread.getName()).append(" (").append(thread.getState()).append(")");
        for (int i = 0; i < Math.min(stack.length, 14); i++) {
          out.append("\n    at ").append(stack[i]);
        }
      }
    });
    return out.length() == 0 ? "; no detector threads left" : out.toString();
  }

  private static boolean caller(StackTraceElement[] stack, int i, String simpleName) {
    return i + 1 < stack.length && stack[i + 1].getClassName().endsWith(simpleName);
  }

  /** "session.run 91%, waiting for a batch 5%, ..." for one thread role. */
  static String describe(Map<String, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder line = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> line.append(line.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100.0 * e.getValue() / total)));
    return line + " (" + total + " samples)";
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
