package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code vsp plan} on the command line: the output's shape, and exit 2 for bad arguments. */
class PlanCommandTest {

  private record Outcome(int status, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Outcome(status, out.toString(), err.toString());
  }

  @Test
  void planPrintsProcessesAndEveryTopicWithPartitionsRetentionAndDisk() {
    Outcome o = run("plan", "--cameras", "300", "--fps", "5", "--width", "1280", "--gpu-fps", "400");

    assertThat(o.status()).as(o.err()).isZero();
    assertThat(o.out()).startsWith("fleet: 300 cameras, detection at 5 fps on 1280 px wide frames, "
        + "400 frames/s per detector GPU, main streams 4 Mbit/s, 8-core hosts, replication factor 1\n");
    assertThat(o.out()).containsPattern("(?m)^  ingest workers +\\d+ ")
        .containsPattern("(?m)^  detector processes +\\d+ +1500 frames/s in all")
        .containsPattern("(?m)^  sink instances +\\d+ ")
        .containsPattern("(?m)^  video +\\d+ +\\d.* 1 h ")
        .containsPattern("(?m)^  frames +\\d+ .* 15 min ")
        .containsPattern("(?m)^  detections +\\d+ .* 1 d ")
        .containsPattern("(?m)^  events +\\d+ .* 7 d ")
        .containsPattern("(?m)^  status +\\d+ .* compacted ")
        .containsPattern("(?m)^network: in .*bit/s")
        .contains("docs/OPERATIONS.md");
  }

  @Test
  void argumentsOutOfRangeExitTwoNamingTheOption() {
    Outcome o = run("plan", "--cameras", "0", "--fps", "5", "--width", "1280");

    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).isEqualTo("vsp plan: --cameras takes 1 to 1000000, not 0\n");
    assertThat(o.out()).isEmpty();
  }

  @Test
  void missingOrUnparsableArgumentsExitTwo() {
    assertThat(run("plan", "--cameras", "10", "--fps", "5").status()).isEqualTo(2);
    Outcome o = run("plan", "--cameras", "ten", "--fps", "5", "--width", "640");
    assertThat(o.status()).isEqualTo(2);
    assertThat(o.err()).contains("--cameras");
  }
}
