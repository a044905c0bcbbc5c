package io.vsp.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.LimitsConfig;
import io.vsp.common.config.VspConfig;
import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.InvalidRecordException;
import io.vsp.common.inbound.InvalidRecords;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.Json;
import io.vsp.detector.compare.ComparisonReport;
import io.vsp.detector.compare.DetectionsComparison;
import io.vsp.detector.compare.DetectionsComparison.Origin;
import io.vsp.detector.compare.DetectionsComparison.Side;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vsp compare}: reads two detections topics side by side (read_committed, up to their end offsets at start)
 * and reports how B's objects match A's, per label and overall ({@link DetectionsComparison}, issue 14). Every
 * record enters through the {@code detections} input rules the sink applies ({@link RecordRules#detections}); a
 * record that breaks them is counted by reason, logged once per burst and skipped. Memory is bounded by
 * {@code --max-pending} frames waiting for the other side.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two detections topics frame by frame (e.g. the live detections and a replay's "
        + "detections.<tag>): objects, matches at IoU >= 0.5, precision and recall of B against A, inferMs.")
final class CompareCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file (YAML): the Kafka to read.")
  Path config;

  @Option(names = "--a", required = true, description = "Reference topic, full name (e.g. vsp.detections).")
  String a;

  @Option(names = "--b", required = true, description = "Topic compared with it (e.g. vsp.detections.int8).")
  String b;

  @Option(names = "--from", description = "Only frames captured from then: ISO-8601 instant or duration back from "
      + "now (10m, 2h).")
  String from;

  @Option(names = "--to", description = "Only frames captured before then; same forms.")
  String to;

  @Option(names = "--json", description = "Print one JSON document instead of a table.")
  boolean json;

  @Option(names = "--max-pending", paramLabel = "N", description = "Frames waiting for the other side at most, "
      + "both sides together (default ${DEFAULT-VALUE}, about 1 KB each); beyond, the longest waiting is counted "
      + "as its side's only and the report says so.")
  int maxPending = DetectionsComparison.DEFAULT_MAX_PENDING;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws ConfigException, Exception {
    VspConfig cfg = ConfigLoader.load(config);
    PrintWriter err = spec.commandLine().getErr();
    long nowUs = System.currentTimeMillis() * 1000;
    long fromUs;
    long toUs;
    try {
      fromUs = from == null ? Long.MIN_VALUE : TimeArg.micros(from, nowUs);
      toUs = to == null ? Long.MAX_VALUE : TimeArg.micros(to, nowUs);
    } catch (IllegalArgumentException e) {
      err.println("vsp compare: " + e.getMessage());
      return Main.USAGE;
    }
    if (maxPending < 1) {
      err.println("vsp compare: --max-pending " + maxPending + " is not at least 1");
      return Main.USAGE;
    }
    KafkaClients clients = new KafkaClients(cfg.kafka().bootstrap(), cfg.kafka().properties());
    InvalidRecords invalid = new InvalidRecords(new PrometheusRegistry(), "compare", cfg.kafka().topicPrefix(),
        List.of());
    DetectionsComparison comparison = new DetectionsComparison(fromUs, toUs, maxPending);
    // a poll hands over at most an eighth of the bound, so pausing in between keeps the waiting frames under it
    Map<String, ?> tuning = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        String.valueOf(Math.max(1, Math.min(500, maxPending / 8))));
    try (SideReader readerA = new SideReader(clients, tuning, a, Side.A, cfg.limits(), invalid);
         SideReader readerB = new SideReader(clients, tuning, b, Side.B, cfg.limits(), invalid)) {
      for (SideReader reader : List.of(readerA, readerB)) {
        if (!reader.open()) {
          err.println("vsp compare: no topic " + reader.topic + " (topics are named in full, prefix included)");
          return Main.USAGE;
        }
      }
      readSideBySide(readerA, readerB, comparison);
    }
    ComparisonReport report = comparison.report();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS)
          .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(new Output(a, b, report)));
    } else {
      printTable(out, report);
    }
    out.flush();
    if (report.pending().givenUp() > 0) {
      err.println("vsp compare: " + givenUpWarning(report.pending()));
      err.flush();
    }
    return 0;
  }

  /** The JSON document: the topics and the report. */
  record Output(String a, String b, ComparisonReport report) {}

  /**
   * Reads both topics in turns, so that each side's frames wait only until the other side reaches them. A
   * partition whose frames already wait {@code pauseAt} is paused until the other side catches up, so with
   * polls of at most an eighth of the bound, at most 3/4 of it wait. When every partition left is paused so
   * (the two topics spread cameras over their partitions differently), all go on and the comparison's own bound
   * holds memory.
   */
  private void readSideBySide(SideReader readerA, SideReader readerB, DetectionsComparison comparison) {
    int pauseAt = Math.max(1, maxPending / (2 * (readerA.partitions.size() + readerB.partitions.size())));
    while (!readerA.ended || !readerB.ended) {
      boolean active = readerA.throttle(comparison, pauseAt) | readerB.throttle(comparison, pauseAt);
      if (!active) {
        readerA.throttle(comparison, Integer.MAX_VALUE);
        readerB.throttle(comparison, Integer.MAX_VALUE);
      }
      readerA.pollInto(comparison);
      readerB.pollInto(comparison);
    }
  }

  /** One side's topic, read_committed up to its end offsets at start, through the {@code detections} input rules. */
  private static final class SideReader implements AutoCloseable {
    final String topic;
    final List<TopicPartition> partitions = new ArrayList<>();
    boolean ended;
    private final Side side;
    private final LimitsConfig limits;
    private final InvalidRecords invalid;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private Map<TopicPartition, Long> ends;

    SideReader(KafkaClients clients, Map<String, ?> tuning, String topic, Side side, LimitsConfig limits,
               InvalidRecords invalid) {
      this.topic = topic;
      this.side = side;
      this.limits = limits;
      this.invalid = invalid;
      this.consumer = new KafkaConsumer<>(clients.consumer("vsp-compare", null, tuning));
    }

    /** @return false when the topic does not exist */
    boolean open() {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      ends = consumer.endOffsets(partitions); // read_committed: the last stable offsets
      return true;
    }

    /**
     * Pauses the partitions read to their end and those with {@code pauseAt} frames waiting, resumes the others.
     *
     * @return whether a partition is left to poll
     */
    boolean throttle(DetectionsComparison comparison, int pauseAt) {
      List<TopicPartition> pause = new ArrayList<>();
      List<TopicPartition> resume = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        boolean hold = consumer.position(tp) >= ends.get(tp) || comparison.waiting(side, tp.partition()) >= pauseAt;
        (hold ? pause : resume).add(tp);
      }
      consumer.pause(pause);
      consumer.resume(resume);
      return !resume.isEmpty();
    }

    void pollInto(DetectionsComparison comparison) {
      if (ended) {
        return;
      }
      if (consumer.paused().size() < partitions.size()) {
        long nowUs = System.currentTimeMillis() * 1000;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
            continue; // written after the start: not part of this comparison
          }
          Inbound in = Inbound.of(r);
          try {
            comparison.add(side, new Origin(r.partition(), in.key()), RecordRules.detections(in, limits, nowUs));
          } catch (InvalidRecordException e) {
            invalid.skip(in, e);
            comparison.skipped(side, e.reason());
          }
        }
      }
      if (partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp))) {
        ended = true;
        comparison.end(side);
      }
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private void printTable(PrintWriter out, ComparisonReport r) {
    var f = r.frames();
    out.printf("A: %s (%d records)%nB: %s (%d records)%n", a, f.recordsA(), b, f.recordsB());
    out.printf("frames: %d compared, %d only in A, %d only in B, %d not compared (stale or corrupt on a side)%n",
        f.compared(), f.onlyA(), f.onlyB(), f.notCompared());
    out.printf("records apart: corrupt A %d B %d, stale A %d B %d, duplicates A %d B %d, unreadable A %d B %d%n",
        f.corruptA(), f.corruptB(), f.staleA(), f.staleB(), f.duplicatesA(), f.duplicatesB(), f.unreadableA(),
        f.unreadableB());
    out.printf("skipped as invalid: A %d%s, B %d%s%n", f.unreadableA(), reasons(r.skippedA()), f.unreadableB(),
        reasons(r.skippedB()));
    out.printf("frames waiting for the other side: at most %d at once (limit %d)%n", r.pending().peak(),
        r.pending().limit());
    if (r.pending().givenUp() > 0) {
      out.println("WARNING: " + givenUpWarning(r.pending()));
    }
    out.printf("%-16s %10s %10s %10s %10s %10s %10s %12s%n", "label", "objects A", "objects B", "matched",
        "precision", "recall", "mean IoU", "score B-A");
    for (var l : r.labels()) {
      row(out, l);
    }
    row(out, r.overall());
    out.printf("inferMs A: %s%ninferMs B: %s%n", timing(r.inferMsA()), timing(r.inferMsB()));
    out.printf("matched: same label and IoU >= %.2f, greedy by IoU; precision = matched / objects B, recall = "
        + "matched / objects A%n", r.matchIou());
  }

  private static String reasons(Map<String, Long> skipped) {
    StringJoiner j = new StringJoiner(", ", " (", ")").setEmptyValue("");
    skipped.forEach((reason, n) -> {
      if (n > 0) {
        j.add(reason + " " + n);
      }
    });
    return j.toString();
  }

  private static String givenUpWarning(ComparisonReport.Pending p) {
    return p.givenUp() + " frames were still waiting for the other side when " + p.limit() + " waited at once; "
        + "they were counted as one side's only, so onlyA/onlyB and the matches may be wrong: raise --max-pending "
        + "or narrow --from/--to";
  }

  private static void row(PrintWriter out, ComparisonReport.LabelStats l) {
    out.printf("%-16s %10d %10d %10d %10s %10s %10s %12s%n", l.label(), l.objectsA(), l.objectsB(), l.matched(),
        num(l.precision(), "%.3f"), num(l.recall(), "%.3f"), num(l.meanIou(), "%.3f"), num(l.meanScoreShift(),
            "%+.4f"));
  }

  private static String timing(ComparisonReport.Timing t) {
    return t.frames() == 0 ? "no processed frames" : String.format(Locale.ROOT, "mean %.2f, p50 %.2f, p99 %.2f over %d "
        + "frames", t.mean(), t.p50(), t.p99(), t.frames());
  }

  private static String num(Double v, String format) {
    return v == null ? "-" : String.format(Locale.ROOT, format, v);
  }
}
