package io.vsp.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vsp.common.config.ConfigException;
import io.vsp.common.config.ConfigLoader;
import io.vsp.common.config.VspConfig;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.detector.compare.ComparisonReport;
import io.vsp.detector.compare.DetectionsComparison;
import io.vsp.detector.compare.DetectionsComparison.Side;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vsp compare}: reads two detections topics (read_committed, up to their end offsets at start) and reports
 * how B's objects match A's, per label and overall ({@link DetectionsComparison}, issue 14).
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
    KafkaClients clients = new KafkaClients(cfg.kafka().bootstrap(), cfg.kafka().properties());
    DetectionsComparison comparison = new DetectionsComparison();
    for (Side side : Side.values()) {
      String topic = side == Side.A ? a : b;
      if (!read(clients, topic, side, fromUs, toUs, comparison)) {
        err.println("vsp compare: no topic " + topic + " (topics are named in full, prefix included)");
        return Main.USAGE;
      }
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
    return 0;
  }

  /** The JSON document: the topics and the report. */
  record Output(String a, String b, ComparisonReport report) {}

  /** @return false when the topic does not exist */
  private static boolean read(KafkaClients clients, String topic, Side side, long fromUs, long toUs,
                              DetectionsComparison comparison) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clients.consumer("vsp-compare", null))) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions); // read_committed: the last stable offsets
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
            continue; // written after the start: not part of this comparison
          }
          Detections d;
          try {
            d = Json.read(r.value(), Detections.class);
          } catch (RuntimeException e) {
            comparison.unreadable(side);
            continue;
          }
          long ts = captureMicros(d);
          if (ts >= fromUs && ts < toUs) {
            comparison.add(side, d);
          }
        }
      }
      return true;
    }
  }

  private static long captureMicros(Detections d) {
    try {
      return Json.parseMicros(d.ts());
    } catch (RuntimeException e) {
      return Long.MIN_VALUE; // no readable capture time: kept only without --from
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
