package io.vsp.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Settings of the detector service, which batches sampled frames through a YOLO-NAS model.
 *
 * @param metricsPort port of {@code /metrics}, {@code /healthz}, {@code /readyz}, 0..65535; default 9102
 * @param engine inference engine, {@code onnxruntime} (CPU) or {@code tensorrt} (GPU); default onnxruntime
 * @param models the ONNX file(s), as written (relative to the working folder): one path, or exports of the same
 *     network at several fixed batch sizes (a list of paths, or a mapping batch size → path), each batch then
 *     running on the smallest export that holds it; default models/yolo_nas_s.onnx
 * @param labels {@code coco} (the 80 COCO names) or a file with one name per line; default coco
 * @param input preprocessing; default size 640, resize 636, padValue 114 (YOLO-NAS COCO training)
 * @param batch batching of frames; default max 8, maxWait 10ms
 * @param maxFrameAge older frames are not inferred but get a {@code stale} record at once, more than 0; default 1s
 * @param scoreThreshold detections scoring less are dropped, 0..1; default 0.1 (low: the sink's tracker
 *     keeps tracks alive with detections from {@code sink.tracker.lowScore} up, issue 13; events stay gated by
 *     each camera's {@code minScore})
 * @param nmsIou IoU above which non-maximum suppression merges boxes, (0, 1]; default 0.7
 * @param exactlyOnce Kafka transactions and read_committed; default true
 * @param tensorrt TensorRT engine building; default engineCache ~/.cache/vsp/engines, device 0, workspace 2GiB
 * @param threads ONNX Runtime intra-op threads, 0 = one per core (an addition to SPEC §4); default 0
 * @param preprocess preprocessing threads; default threads 0 (see {@link Preprocess})
 * @param inflight batches the engine runs at once, each on its own engine slot (on TensorRT its own execution
 *     context and CUDA stream), 0..16, 0 = 1 on onnxruntime (one session already uses the cores), 2 on
 *     tensorrt; default 0
 */
public record DetectorConfig(
    int metricsPort, Engine engine, List<Export> models, String labels, Input input, Batch batch, Duration maxFrameAge,
    double scoreThreshold, double nmsIou, boolean exactlyOnce, TensorRt tensorrt, int threads, Preprocess preprocess,
    int inflight) {

  /**
   * One export of the model named by {@code detector.model}.
   *
   * @param file the ONNX file, as written
   * @param batch the batch size the configuration says it was exported at (the mapping form), checked when the
   *     model is loaded; 0 = as the file says (a single path or the list form)
   */
  public record Export(Path file, int batch) {
    public Export {
      new Checks().require(file != null && !file.toString().isBlank(), "model", "must not be empty")
          .range("model", batch, 0, 1024).done();
    }
  }

  /** The inference engines; written in lower case in YAML. */
  public enum Engine { ONNXRUNTIME, TENSORRT }

  /**
   * YOLO-NAS letterboxing: longest side to {@code resize}, centre-padded to a {@code size} square.
   *
   * @param size model input width and height, 32..4096; default 640
   * @param resize longest side after resizing, 1..size; default 636
   * @param padValue grey level of the padding, 0..255; default 114
   */
  public record Input(int size, int resize, int padValue) {
    public static final Input DEFAULTS = new Input(640, 636, 114);

    public Input {
      Checks checks = new Checks().range("size", size, 32, 4096).range("padValue", padValue, 0, 255);
      verifyResizeFitsSize(checks, size, resize);
      checks.done();
    }

    private static void verifyResizeFitsSize(Checks checks, int size, int resize) {
      checks.require(resize >= 1 && resize <= size, "resize",
          "must be between 1 and size (" + size + ") (got " + resize + ")");
    }
  }

  /**
   * @param max frames per inference, 1..1024; default 8 (a model with a fixed batch pads partial ones)
   * @param maxWait a partial batch is run after waiting this long for more frames, 0 or more; default 10ms
   */
  public record Batch(int max, Duration maxWait) {
    public static final Batch DEFAULTS = new Batch(8, Duration.ofMillis(10));

    public Batch {
      maxWait = maxWait == null ? DEFAULTS.maxWait : maxWait;
      new Checks().range("max", max, 1, 1024).notNegative("maxWait", maxWait).done();
    }
  }

  /**
   * @param engineCache folder of built engines, as written ({@code ~} is expanded by {@link #engineCacheDir()});
   *     default ~/.cache/vsp/engines
   * @param device CUDA device index, 0 or more; default 0
   * @param workspace TensorRT builder workspace limit, more than 0; default 2GiB
   */
  public record TensorRt(Path engineCache, int device, DataSize workspace) {
    public static final TensorRt DEFAULTS = new TensorRt(Path.of("~/.cache/vsp/engines"), 0, DataSize.ofGibibytes(2));

    public TensorRt {
      engineCache = engineCache == null ? DEFAULTS.engineCache : engineCache;
      workspace = workspace == null ? DEFAULTS.workspace : workspace;
      new Checks().range("device", device, 0, 1024).require(workspace.bytes() > 0, "workspace", "must be more than 0")
          .done();
    }

    /** {@link #engineCache} with a leading {@code ~} replaced by the user's home folder. */
    public Path engineCacheDir() {
      String written = engineCache.toString();
      if (written.equals("~") || written.startsWith("~/")) {
        return Path.of(System.getProperty("user.home")).resolve(written.substring(Math.min(2, written.length())));
      }
      return engineCache;
    }
  }

  /**
   * How many threads decode and letterbox frames (the batcher's own thread is one of them).
   *
   * @param threads 1..256, or 0 = as many as leave the cores to the engine: on onnxruntime the cores that
   *     {@code detector.threads} leaves free (none by default: the batcher alone, preprocessing the next
   *     batch while ONNX Runtime runs this one), on tensorrt all cores but one (at most 8); default 0
   */
  public record Preprocess(int threads) {
    public static final Preprocess DEFAULTS = new Preprocess(0);

    public Preprocess {
      new Checks().range("threads", threads, 0, 256).done();
    }

    /** The threads to run on a machine of {@code cores} cores. */
    public int resolve(Engine engine, int intraOpThreads, int cores) {
      if (threads > 0) {
        return threads;
      }
      return engine == Engine.TENSORRT ? Math.max(1, Math.min(cores - 1, 8))
          : Math.max(1, cores - intraOpThreads);
    }
  }

  /** ONNX Runtime's intra-op threads on a machine of {@code cores} cores: {@code threads}, or one per core. */
  public int intraOpThreads(int cores) {
    return threads > 0 ? threads : cores;
  }

  /** Batches in flight at once: {@code inflight}, or 1 on onnxruntime and 2 on tensorrt. */
  public int inflightBatches() {
    return inflight > 0 ? inflight : engine == Engine.TENSORRT ? 2 : 1;
  }

  /** Preprocessing threads on a machine of {@code cores} cores, the batcher's own included. */
  public int preprocessThreads(int cores) {
    return preprocess.resolve(engine, intraOpThreads(cores), cores);
  }

  /** These settings with another model on {@code engine}, e.g. for {@code vsp replay --model}. */
  public DetectorConfig withModel(Engine engine, Path model) {
    return new DetectorConfig(metricsPort, engine, model, labels, input, batch, maxFrameAge, scoreThreshold, nmsIou,
        exactlyOnce, tensorrt, threads, preprocess, inflight);
  }

  public DetectorConfig withMetricsPort(int port) {
    return new DetectorConfig(port, engine, models, labels, input, batch, maxFrameAge, scoreThreshold, nmsIou,
        exactlyOnce, tensorrt, threads, preprocess, inflight);
  }

  public static final DetectorConfig DEFAULTS = new DetectorConfig(9102, Engine.ONNXRUNTIME,
      List.of(new Export(Path.of("models/yolo_nas_s.onnx"), 0)), "coco", Input.DEFAULTS, Batch.DEFAULTS,
      Duration.ofSeconds(1), 0.1, 0.7, true, TensorRt.DEFAULTS, 0, Preprocess.DEFAULTS, 0);

  public DetectorConfig {
    engine = engine == null ? DEFAULTS.engine : engine;
    models = models == null || models.isEmpty() ? DEFAULTS.models : List.copyOf(models);
    labels = labels == null ? DEFAULTS.labels : labels;
    input = input == null ? Input.DEFAULTS : input;
    batch = batch == null ? Batch.DEFAULTS : batch;
    maxFrameAge = maxFrameAge == null ? DEFAULTS.maxFrameAge : maxFrameAge;
    tensorrt = tensorrt == null ? TensorRt.DEFAULTS : tensorrt;
    preprocess = preprocess == null ? Preprocess.DEFAULTS : preprocess;
    new Checks()
        .port("metricsPort", metricsPort)
        .require(distinct(models.stream().map(Export::file).toList()), "model", "lists a file twice")
        .require(distinct(models.stream().map(Export::batch).filter(b -> b > 0).toList()), "model",
            "gives a batch size twice")
        .range("threads", threads, 0, 1024)
        .range("inflight", inflight, 0, 16)
        .notBlank("labels", labels)
        .positive("maxFrameAge", maxFrameAge)
        .fraction("scoreThreshold", scoreThreshold)
        .require(nmsIou > 0 && nmsIou <= 1, "nmsIou", "must be in (0, 1] (got " + Checks.num(nmsIou) + ")")
        .done();
  }

  /** A configuration with one model file ({@code detector.model} as a single path). */
  public DetectorConfig(int metricsPort, Engine engine, Path model, String labels, Input input, Batch batch,
                        Duration maxFrameAge, double scoreThreshold, double nmsIou, boolean exactlyOnce,
                        TensorRt tensorrt, int threads, Preprocess preprocess, int inflight) {
    this(metricsPort, engine, List.of(new Export(model, 0)), labels, input, batch, maxFrameAge, scoreThreshold,
        nmsIou, exactlyOnce, tensorrt, threads, preprocess, inflight);
  }

  /** The first model file written: the only one unless {@code detector.model} lists several exports. */
  public Path model() {
    return models.get(0).file();
  }

  private static boolean distinct(List<?> values) {
    Set<Object> seen = new HashSet<>();
    return values.stream().allMatch(seen::add);
  }
}
