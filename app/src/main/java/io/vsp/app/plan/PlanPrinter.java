package io.vsp.app.plan;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Writes a {@link Plan} as {@code vsp plan} prints it: processes, then Kafka per topic, then totals. */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static void print(Plan plan, PrintWriter out) {
    PlanRequest r = plan.request();
    out.printf(Locale.ROOT, "fleet: %d cameras, detection at %s fps on %d px wide frames, %s, main streams %s Mbit/s,"
            + " %d-core hosts, replication factor %d%n", r.cameras(), number(r.fps()), r.width(),
        r.gpu() ? number(r.gpuFps()) + " frames/s per detector GPU" : "CPU inference", number(r.videoMbps()),
        r.hostCores(), r.replicationFactor());
    out.println();
    out.println("processes");
    out.printf(Locale.ROOT, "  ingest workers      %5d   %.1f cores in all; about %.0f MB resident each%n",
        plan.ingestWorkers(), plan.ingestCores(), plan.ingestRssMb());
    out.printf(Locale.ROOT, "  detector processes  %5d   %.0f frames/s in all, %.0f per process (%s)%n",
        plan.detectorProcesses(), r.cameras() * r.fps(), plan.detectorFpsPerProcess(), plan.detectorBound());
    out.printf(Locale.ROOT, "  sink instances      %5d   tracker %.2f cores in all (clip building not included)%n",
        plan.sinkInstances(), plan.trackerCores());
    out.println();
    out.println("Kafka (disk counts every replica)");
    out.printf("  %-22s %10s %12s %10s %12s%n", "topic", "partitions", "written", "retention", "disk");
    for (Plan.TopicPlan t : plan.topics()) {
      out.printf(Locale.ROOT, "  %-22s %10d %12s %10s %12s%n", t.name(), t.partitions(), rate(t.bytesPerSecond()),
          t.retention() == null ? "compacted" : retention(t.retention()),
          t.retention() == null ? "latest only" : bytes(t.diskBytes()));
    }
    out.printf(Locale.ROOT, "  %-22s %10s %12s %10s %12s%n", "total", "", rate(plan.writeBytesPerSecond()), "",
        bytes(plan.diskBytes()));
    out.printf(Locale.ROOT, "network: in %s (%s), out to the services %s, between brokers %s%n",
        rate(plan.writeBytesPerSecond()), bits(plan.writeBytesPerSecond()), rate(plan.readBytesPerSecond()),
        rate(plan.replicationBytesPerSecond()));
    out.println("(video read back for clips comes on top; measured costs and sources: docs/OPERATIONS.md,"
        + " Capacity planning)");
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
  }

  static String rate(double bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  static String bits(double bytesPerSecond) {
    double bits = bytesPerSecond * 8;
    return bits >= 1e9 ? String.format(Locale.ROOT, "%.1f Gbit/s", bits / 1e9)
        : String.format(Locale.ROOT, "%.0f Mbit/s", bits / 1e6);
  }

  /** Decimal units, as disks and links are sold: "1.2 TB", "340 MB", "12 kB". */
  static String bytes(double b) {
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
    int u = 0;
    while (b >= 1000 && u < units.length - 1) {
      b /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, b >= 100 || u == 0 ? "%.0f %s" : "%.1f %s", b, units[u]);
  }

  private static String retention(Duration d) {
    return d.toDays() >= 1 ? d.toDays() + " d" : d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
  }
}
