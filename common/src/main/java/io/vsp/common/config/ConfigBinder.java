package io.vsp.common.config;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The schema of SPEC §4: which key of the YAML tree goes into which record field, with which default.
 * Defaults come from the records' {@code DEFAULTS}, so each is written once; range rules live in the
 * records' constructors and come back here as problems at the right key and line.
 */
final class ConfigBinder {
  /** Kafka properties whose values are credentials, to be masked wherever they might be printed. */
  private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i).*(password|secret|jaas).*");

  private ConfigBinder() {}

  /**
   * The whole configuration from the file's root; relative {@code camerasDir} resolves against
   * {@code baseDir}; inline camera ids are recorded in {@code seenIds} (id to where it was defined).
   */
  static VspConfig vsp(YamlNode root, Path baseDir, boolean requireBootstrap, Problems problems,
      Map<String, String> seenIds) {
    MappingReader r = new MappingReader(root, 1, "", problems);
    KafkaConfig kafka = r.mapping("kafka", k -> kafka(k, requireBootstrap));
    List<CameraConfig> cameras = r.list("cameras", (node, path) -> camera(node, path, problems, seenIds));
    Path camerasDir = r.file("camerasDir", VspConfig.DEFAULT_CAMERAS_DIR);
    IngestConfig ingest = r.mapping("ingest", ConfigBinder::ingest);
    DetectorConfig detector = r.mapping("detector", ConfigBinder::detector);
    SinkConfig sink = r.mapping("sink", ConfigBinder::sink);
    LimitsConfig limits = r.mapping("limits", ConfigBinder::limits);
    r.finish();
    return new VspConfig(kafka, cameras, baseDir == null ? camerasDir : baseDir.resolve(camerasDir), ingest,
        detector, sink, limits);
  }

  /** One camera (a list item at {@code path}, or a whole file at path ""); null when it breaks a rule. */
  static CameraConfig camera(YamlNode node, String path, Problems problems, Map<String, String> seenIds) {
    if (!(node instanceof YamlNode.Mapping)) { // said once here, rather than as a missing id and url
      problems.add(node.line(), path, "must be a mapping of camera keys such as id and url (got "
          + YamlNode.kind(node) + ")");
      return null;
    }
    MappingReader r = new MappingReader(node, node.line(), path, problems);
    String id = r.text("id", null);
    CameraConfig camera = r.build(() -> new CameraConfig(
        id,
        r.text("url", null),
        r.text("detectUrl", null),
        r.secret("username"),
        r.secret("password"),
        r.bool("enabled", true),
        r.choice("transport", CameraConfig.Transport.TCP),
        r.mapping("detect", ConfigBinder::detect),
        r.list("labels", (item, itemPath) -> text(item, itemPath, problems)),
        r.decimal("minScore", CameraConfig.DEFAULT_MIN_SCORE),
        r.namedValues("zones", (zone, zonePath) -> polygon(zone, zonePath, problems)),
        r.list("masks", (mask, maskPath) -> polygon(mask, maskPath, problems))), null);
    r.finish();
    if (id != null && CameraConfig.ID.matcher(id).matches()) { // claimed even if the camera is broken otherwise
      verifyUniqueId(id, node, path, problems, seenIds);
    }
    return camera;
  }

  /** A camera id names its Kafka key, metrics and files: two cameras sharing one would mix their records. */
  static void verifyUniqueId(String id, YamlNode node, String path, Problems problems, Map<String, String> seenIds) {
    int line = node instanceof YamlNode.Mapping m && m.entries().get("id") != null ? m.entries().get("id").line() : 0;
    String here = problems.file() + (line > 0 ? ":" + line : "");
    String first = seenIds.putIfAbsent(id, here);
    if (first != null) {
      problems.add(line, Problems.join(path, "id"), "duplicate camera id \"" + id + "\" (first defined at " + first
          + ")");
    }
  }

  private static KafkaConfig kafka(MappingReader r, boolean requireBootstrap) {
    KafkaConfig d = KafkaConfig.DEFAULTS;
    if (requireBootstrap) {
      r.required("bootstrap", "host:port of the Kafka brokers, e.g. localhost:9092");
    }
    return r.build(() -> new KafkaConfig(
        r.text("bootstrap", d.bootstrap()),
        r.text("topicPrefix", d.topicPrefix()),
        r.integer("partitions", d.partitions()),
        r.shortInteger("replicationFactor", d.replicationFactor()),
        r.namedValues("properties", (value, path) -> property(value, path, r.problems()))), d);
  }

  private static String property(YamlNode value, String path, Problems problems) {
    String text = text(value, path, problems);
    if (SECRET_PROPERTY.matcher(path).matches()) {
      Secrets.register(text);
    }
    return text;
  }

  private static DetectConfig detect(MappingReader r) {
    DetectConfig d = DetectConfig.DEFAULTS;
    return r.build(() -> new DetectConfig(
        r.decimal("fps", d.fps()), r.integer("maxWidth", d.maxWidth()), r.integer("jpegQuality", d.jpegQuality())), d);
  }

  private static IngestConfig ingest(MappingReader r) {
    IngestConfig d = IngestConfig.DEFAULTS;
    return r.build(() -> new IngestConfig(
        r.integer("metricsPort", d.metricsPort()),
        r.bool("video", d.video()),
        r.mapping("watchdog", ConfigBinder::watchdog),
        r.duration("heartbeat", d.heartbeat())), d);
  }

  private static WatchdogConfig watchdog(MappingReader r) {
    WatchdogConfig d = WatchdogConfig.DEFAULTS;
    return r.build(() -> new WatchdogConfig(
        r.duration("noData", d.noData()), r.duration("backoffMin", d.backoffMin()),
        r.duration("backoffMax", d.backoffMax())), d);
  }

  private static DetectorConfig detector(MappingReader r) {
    DetectorConfig d = DetectorConfig.DEFAULTS;
    return r.build(() -> new DetectorConfig(
        r.integer("metricsPort", d.metricsPort()),
        r.choice("engine", d.engine()),
        models(r, d.models()),
        r.text("labels", d.labels()),
        r.mapping("input", i -> i.build(() -> new DetectorConfig.Input(
            i.integer("size", d.input().size()), i.integer("resize", d.input().resize()),
            i.integer("padValue", d.input().padValue())), d.input())),
        r.mapping("batch", b -> b.build(() -> new DetectorConfig.Batch(
            b.integer("max", d.batch().max()), b.duration("maxWait", d.batch().maxWait())), d.batch())),
        r.duration("maxFrameAge", d.maxFrameAge()),
        r.decimal("scoreThreshold", d.scoreThreshold()),
        r.decimal("nmsIou", d.nmsIou()),
        r.bool("exactlyOnce", d.exactlyOnce()),
        r.mapping("tensorrt", t -> t.build(() -> new DetectorConfig.TensorRt(
            t.file("engineCache", d.tensorrt().engineCache()), t.integer("device", d.tensorrt().device()),
            t.size("workspace", d.tensorrt().workspace())), d.tensorrt())),
        r.integer("threads", d.threads()),
        r.mapping("preprocess", pr -> pr.build(() -> new DetectorConfig.Preprocess(
            pr.integer("threads", d.preprocess().threads())), d.preprocess())),
        r.integer("inflight", d.inflight())), d);
  }

  /**
   * {@code detector.model}: one path, a list of paths, or a mapping of batch size to path (exports of one
   * network at several fixed batch sizes).
   */
  private static List<DetectorConfig.Export> models(MappingReader r, List<DetectorConfig.Export> dflt) {
    YamlNode value = r.get("model");
    if (value instanceof YamlNode.Sequence) {
      return r.list("model", (item, path) -> export(item, path, 0, r.problems()));
    }
    if (value instanceof YamlNode.Mapping) {
      List<DetectorConfig.Export> exports = new ArrayList<>();
      r.namedValues("model", (item, path) -> {
        String written = path.substring(path.lastIndexOf('.') + 1);
        int batch = written.matches("[0-9]{1,4}") ? Integer.parseInt(written) : 0;
        if (batch < 1 || batch > 1024) {
          r.problems().add(item.line(), path, "the key must be the export's batch size, 1..1024 (got \"" + written
              + "\")");
          return null;
        }
        return export(item, path, batch, r.problems());
      }).values().forEach(exports::add);
      return exports;
    }
    Path single = r.file("model", null);
    return single == null ? dflt : List.of(new DetectorConfig.Export(single, 0));
  }

  private static DetectorConfig.Export export(YamlNode item, String path, int batch, Problems problems) {
    String file = text(item, path, problems);
    if (file == null) {
      return null;
    }
    if (file.isBlank()) {
      problems.add(item.line(), path, "must be the path of an ONNX file (got \"\")");
      return null;
    }
    try {
      return new DetectorConfig.Export(Path.of(file), batch);
    } catch (IllegalArgumentException e) { // InvalidPathException
      problems.add(item.line(), path, e.getMessage());
      return null;
    }
  }

  private static SinkConfig sink(MappingReader r) {
    SinkConfig d = SinkConfig.DEFAULTS;
    return r.build(() -> new SinkConfig(
        r.integer("metricsPort", d.metricsPort()),
        r.mapping("http", h -> h.build(() -> new SinkConfig.Http(
            h.text("bind", d.http().bind()), h.integer("port", d.http().port()), h.secret("token"),
            h.list("allowedHosts", (item, path) -> text(item, path, h.problems()))), d.http())),
        r.mapping("store", s -> s.build(() -> new SinkConfig.Store(
            s.file("dir", d.store().dir()), s.duration("maxAge", d.store().maxAge()),
            s.size("maxBytes", d.store().maxBytes())), d.store())),
        r.mapping("tracker", t -> t.build(() -> new SinkConfig.Tracker(
            t.decimal("iou", d.tracker().iou()), t.duration("maxAge", d.tracker().maxAge()),
            t.integer("minHits", d.tracker().minHits()), t.decimal("lowScore", d.tracker().lowScore()),
            t.decimal("highScore", d.tracker().highScore())), d.tracker())),
        r.mapping("clips", c -> c.build(() -> new SinkConfig.Clips(
            c.bool("enabled", d.clips().enabled()), c.duration("preRoll", d.clips().preRoll()),
            c.duration("postRoll", d.clips().postRoll()), c.duration("maxLength", d.clips().maxLength()),
            c.bool("annotate", d.clips().annotate()), c.bool("keepOriginal", d.clips().keepOriginal())),
            d.clips()))), d);
  }

  private static LimitsConfig limits(MappingReader r) {
    LimitsConfig d = LimitsConfig.DEFAULTS;
    return r.build(() -> new LimitsConfig(
        r.duration("maxClockSkew", d.maxClockSkew()), r.integer("maxPixels", d.maxPixels()),
        r.integer("maxObjects", d.maxObjects())), d);
  }

  /** A list item or map value that must be a scalar; shown as text. */
  private static String text(YamlNode node, String path, Problems problems) {
    if (node instanceof YamlNode.Scalar s && s.value() != null) {
      return s.text();
    }
    problems.add(node.line(), path, "must be text (got " + YamlNode.kind(node) + ")");
    return null;
  }

  /** A list of [x, y] number pairs; ranges and point counts are the camera's rules. Null on a type error. */
  private static List<List<Double>> polygon(YamlNode node, String path, Problems problems) {
    if (!(node instanceof YamlNode.Sequence points)) {
      problems.add(node.line(), path, "must be a list of [x, y] points (got " + MappingReader.shown(node) + ")");
      return null;
    }
    List<List<Double>> polygon = new ArrayList<>();
    for (int i = 0; i < points.items().size(); i++) {
      List<Double> point = point(points.items().get(i));
      if (point == null) {
        YamlNode item = points.items().get(i);
        problems.add(item.line(), path + "[" + i + "]", "must be a point [x, y] of two numbers (got "
            + MappingReader.shown(item) + ")");
        return null;
      }
      polygon.add(point);
    }
    return polygon;
  }

  private static List<Double> point(YamlNode node) {
    if (!(node instanceof YamlNode.Sequence xy) || xy.items().size() != 2) {
      return null;
    }
    BigDecimal x = MappingReader.numberOf(xy.items().get(0));
    BigDecimal y = MappingReader.numberOf(xy.items().get(1));
    return x == null || y == null ? null : List.of(x.doubleValue(), y.doubleValue());
  }
}
