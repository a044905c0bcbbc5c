package io.vsp.detector.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.inbound.Reason;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.detector.compare.DetectionsComparison.Origin;
import io.vsp.detector.compare.DetectionsComparison.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsComparisonTest {
  private static final String TS = "2026-12-02T14:00:00.000000Z";
  private static final Origin CAM = new Origin(0, "cam");
  private static final Detections.DetectedBox PERSON = box("person", 0.9, 0.1, 0.1, 0.3, 0.5);
  private static final Detections.DetectedBox DOG = box("dog", 0.8, 0.6, 0.6, 0.9, 0.9);

  @Test
  void topicAgainstItselfHasPrecisionAndRecallOne() {
    DetectionsComparison c = new DetectionsComparison();
    for (int i = 0; i < 5; i++) {
      c.add(Side.A, CAM, frame(i, 3.0, PERSON, DOG));
      c.add(Side.B, CAM, frame(i, 3.0, PERSON, DOG));
    }
    ComparisonReport r = c.report();
    assertThat(r.frames().compared()).isEqualTo(5);
    assertThat(r.overall()).isEqualTo(new ComparisonReport.LabelStats("all", 10, 10, 10, 1.0, 1.0, 1.0, 0.0));
    assertThat(r.labels()).extracting(ComparisonReport.LabelStats::label).containsExactly("dog", "person");
    assertThat(r.labels()).allSatisfy(l -> assertThat(l.recall()).isEqualTo(1.0));
  }

  @Test
  void droppedLabelHasRecallZeroAndTheOthersOne() {
    DetectionsComparison c = new DetectionsComparison();
    for (int i = 0; i < 4; i++) {
      c.add(Side.A, CAM, frame(i, 3.0, PERSON, DOG));
      c.add(Side.B, CAM, frame(i, 5.0, PERSON));
    }
    ComparisonReport r = c.report();
    assertThat(r.labels()).containsExactly(
        new ComparisonReport.LabelStats("dog", 4, 0, 0, null, 0.0, null, null),
        new ComparisonReport.LabelStats("person", 4, 4, 4, 1.0, 1.0, 1.0, 0.0));
    assertThat(r.overall().recall()).isEqualTo(0.5);
    assertThat(r.overall().precision()).isEqualTo(1.0);
    assertThat(r.inferMsA()).isEqualTo(new ComparisonReport.Timing(4, 3.0, 3.0, 3.0));
    assertThat(r.inferMsB().mean()).isEqualTo(5.0);
  }

  @Test
  void framesOnOneSideOnlyAreCountedNotCompared() {
    DetectionsComparison c = new DetectionsComparison();
    c.add(Side.A, CAM, frame(0, 1, PERSON));
    c.add(Side.B, CAM, frame(0, 1, PERSON));
    c.add(Side.A, CAM, frame(1, 1, PERSON));
    c.add(Side.B, CAM, frame(2, 1, DOG));
    ComparisonReport r = c.report();
    assertThat(r.frames().onlyA()).isEqualTo(1);
    assertThat(r.frames().onlyB()).isEqualTo(1);
    assertThat(r.frames().compared()).isEqualTo(1);
    assertThat(r.overall()).isEqualTo(new ComparisonReport.LabelStats("all", 1, 1, 1, 1.0, 1.0, 1.0, 0.0));
  }

  @Test
  void corruptStaleDuplicateAndUnreadableRecordsAreCountedApart() {
    DetectionsComparison c = new DetectionsComparison();
    c.add(Side.A, CAM, frame(0, 1, PERSON));
    c.add(Side.B, CAM, status(0, Detections.CORRUPT));
    c.add(Side.A, CAM, status(1, Detections.STALE));
    c.add(Side.B, CAM, frame(1, 1, PERSON));
    c.add(Side.B, CAM, frame(1, 1, PERSON));
    c.skipped(Side.A, Reason.BAD_JSON);
    ComparisonReport.Frames f = c.report().frames();
    assertThat(f).isEqualTo(new ComparisonReport.Frames(2, 3, 0, 0, 0, 2, 0, 1, 1, 0, 0, 1, 1, 0));
    assertThat(c.report().overall().objectsA()).isZero();
  }

  @Test
  void boxesMatchGreedilyByIouWithTheSameLabelOnly() {
    var shifted = box("person", 0.7, 0.12, 0.1, 0.32, 0.5); // IoU with PERSON 0.18/0.22 ≈ 0.818
    var farOff = box("person", 0.7, 0.2, 0.1, 0.4, 0.5); // IoU 1/3: no match
    var sameBoxOtherLabel = box("car", 0.9, 0.1, 0.1, 0.3, 0.5);
    DetectionsComparison c = new DetectionsComparison();
    c.add(Side.A, CAM, frame(0, 1, PERSON));
    c.add(Side.B, CAM, frame(0, 1, farOff, shifted, sameBoxOtherLabel));
    ComparisonReport.LabelStats person = c.report().labels().get(1);
    assertThat(person.label()).isEqualTo("person");
    assertThat(person.matched()).isEqualTo(1);
    assertThat(person.precision()).isEqualTo(0.5);
    assertThat(person.meanIou()).isCloseTo(0.18 / 0.22, within(1e-9));
    assertThat(person.meanScoreShift()).isCloseTo(-0.2, within(1e-9));
    assertThat(c.report().labels().get(0)).isEqualTo(new ComparisonReport.LabelStats("car", 0, 1, 0, 0.0, null, null,
        null));
  }

  @Test
  void recordsRefusedByTheInputRulesAreCountedByReasonOnEachSide() {
    DetectionsComparison c = new DetectionsComparison();
    c.add(Side.A, CAM, frame(0, 1, PERSON));
    c.skipped(Side.A, Reason.BAD_TIME);
    c.add(Side.B, CAM, frame(0, 1, PERSON));
    c.skipped(Side.B, Reason.BAD_BOX);
    c.skipped(Side.B, Reason.BAD_BOX);
    c.skipped(Side.B, Reason.BAD_KEY);
    ComparisonReport r = c.report();
    assertThat(r.frames().compared()).isEqualTo(1);
    assertThat(r.frames().unreadableA()).isEqualTo(1);
    assertThat(r.frames().unreadableB()).isEqualTo(3);
    assertThat(r.skippedA()).containsEntry("bad_time", 1L).containsEntry("bad_json", 0L).hasSize(Reason.values().length);
    assertThat(r.skippedB()).containsEntry("bad_box", 2L).containsEntry("bad_key", 1L).containsEntry("bad_time", 0L);
    assertThat(r.skippedA().keySet()).first().isEqualTo("bad_key"); // in Reason order, every reason listed
  }

  @Test
  void processedFrameWithoutTimingIsComparedButNotTimed() {
    DetectionsComparison c = new DetectionsComparison();
    c.add(Side.A, CAM, frame(0, 2.0, PERSON));
    c.add(Side.B, CAM, untimed(0, PERSON));
    c.add(Side.A, CAM, frame(1, 4.0, PERSON));
    c.add(Side.B, CAM, frame(1, 6.0, PERSON));
    ComparisonReport r = c.report();
    assertThat(r.frames().compared()).isEqualTo(2);
    assertThat(r.overall().matched()).isEqualTo(2);
    assertThat(r.inferMsA().frames()).isEqualTo(2);
    assertThat(r.inferMsA().mean()).isEqualTo(3.0);
    assertThat(r.inferMsA().p50()).isCloseTo(2.0, within(2.0 * 0.005));
    assertThat(r.inferMsA().p99()).isCloseTo(4.0, within(4.0 * 0.005));
    assertThat(r.inferMsB()).isEqualTo(new ComparisonReport.Timing(1, 6.0, 6.0, 6.0));
  }

  @Test
  void framesOutsideTheWindowAreNotCountedButTellHowFarASideGot() {
    long t0 = Json.parseMicros(TS);
    DetectionsComparison c = new DetectionsComparison(t0 + 1_000_000, t0 + 3_000_000, 100);
    for (int i = 0; i < 4; i++) {
      c.add(Side.A, CAM, at(frame(i, 1, PERSON), t0 + i * 1_000_000L));
    }
    c.add(Side.B, CAM, at(frame(2, 1, PERSON), t0 + 2_000_000L)); // B lacks frame 1, in the window
    c.add(Side.B, CAM, at(frame(3, 1, PERSON), t0 + 3_000_000L));
    ComparisonReport.Frames f = c.report().frames();
    assertThat(f.recordsA()).isEqualTo(2);
    assertThat(f.recordsB()).isEqualTo(1);
    assertThat(f.compared()).isEqualTo(1);
    assertThat(f.onlyA()).isEqualTo(1);
    assertThat(f.onlyB()).isZero();
  }

  @Test
  void waitingFramesStayUnderTheBoundOnALongStreamWithASkew() {
    // 4 lanes (2 frames partitions x 2 cameras), 50,000 frames each side; B is 300 frames behind A on every lane,
    // A lacks every 1000th frame and B every 700th
    DetectionsComparison c = new DetectionsComparison(Long.MIN_VALUE, Long.MAX_VALUE, 2_000);
    int perLane = 12_500;
    int skew = 300;
    long expectedOnlyA = 0;
    long expectedOnlyB = 0;
    long expectedCompared = 0;
    for (int i = 0; i < perLane + skew; i++) {
      for (int lane = 0; lane < 4; lane++) {
        Origin origin = new Origin(lane % 2, "cam" + lane / 2);
        int a = i;
        int b = i - skew;
        if (a < perLane && a % 1000 != 999) {
          c.add(Side.A, origin, laneFrame(lane % 2, a, lane / 2));
        }
        if (b >= 0 && b % 700 != 699) {
          c.add(Side.B, origin, laneFrame(lane % 2, b, lane / 2));
        }
        if (b >= 0) {
          boolean inA = b % 1000 != 999;
          boolean inB = b % 700 != 699;
          expectedCompared += inA && inB ? 1 : 0;
          expectedOnlyA += inA && !inB ? 1 : 0;
          expectedOnlyB += inB && !inA ? 1 : 0;
        }
      }
      assertThat(c.waiting(Side.A, 0) + c.waiting(Side.A, 1)).isLessThanOrEqualTo(4 * (skew + 1));
    }
    ComparisonReport r = c.report();
    assertThat(r.pending().givenUp()).isZero();
    // per lane the skew, + 1 while B's frame at the skew is missing; + 1 for the frame just read
    assertThat(r.pending().peak()).isBetween(4L * skew - 4, 4L * (skew + 1) + 1);
    assertThat(r.frames().compared()).isEqualTo(expectedCompared);
    assertThat(r.frames().onlyA()).isEqualTo(expectedOnlyA);
    assertThat(r.frames().onlyB()).isEqualTo(expectedOnlyB);
    assertThat(r.frames().duplicatesA() + r.frames().duplicatesB()).isZero();
  }

  @Test
  void beyondTheBoundTheLongestWaitingFrameIsGivenUpAndTheReportSaysSo() {
    DetectionsComparison c = new DetectionsComparison(Long.MIN_VALUE, Long.MAX_VALUE, 10);
    for (int i = 0; i < 25; i++) {
      c.add(Side.A, CAM, frame(i, 1, PERSON)); // B far behind: A's frames wait
    }
    assertThat(c.waiting(Side.A, 0)).isEqualTo(10);
    for (int i = 0; i < 25; i++) {
      c.add(Side.B, CAM, frame(i, 1, PERSON));
    }
    ComparisonReport r = c.report();
    assertThat(r.pending()).isEqualTo(new ComparisonReport.Pending(10, 10, 15));
    assertThat(r.frames().compared()).isEqualTo(10); // frames 15..24: still waiting when B came
    assertThat(r.frames().onlyA()).isEqualTo(15);
    assertThat(r.frames().onlyB()).isEqualTo(15); // B's 0..14: approximate, as the report says
  }

  private static Detections frame(long offset, double inferMs, Detections.DetectedBox... objects) {
    return new Detections(1, "cam", "1", offset, Detections.PROCESSED, "2026-12-02T14:00:00.000000Z", 0,
        new Detections.Frame(0, offset, 640, 360), new Detections.Model("m", "onnxruntime", "fp32"),
        new Detections.Timing(1, inferMs, 10), List.of(objects));
  }

  private static Detections laneFrame(int partition, long offset, int camera) {
    return new Detections(1, "cam" + camera, "1", offset, Detections.PROCESSED, TS, 0,
        new Detections.Frame(partition, offset, 640, 360), null, new Detections.Timing(1, 2, 10), List.of(PERSON));
  }

  private static Detections untimed(long offset, Detections.DetectedBox... objects) {
    Detections d = frame(offset, 0, objects);
    return new Detections(d.v(), d.camera(), d.session(), d.seq(), d.status(), d.ts(), d.ptsUs(), d.frame(),
        d.model(), null, d.objects());
  }

  private static Detections at(Detections d, long captureUs) {
    return new Detections(d.v(), d.camera(), d.session(), d.seq(), d.status(), Json.timestampMicros(captureUs),
        d.ptsUs(), d.frame(), d.model(), d.timing(), d.objects());
  }

  private static Detections status(long offset, String status) {
    return new Detections(1, "cam", "1", offset, status, "2026-12-02T14:00:00.000000Z", 0,
        new Detections.Frame(0, offset, 640, 360), new Detections.Model("m", "onnxruntime", "fp32"),
        new Detections.Timing(1, 0, 10), List.of());
  }

  private static Detections.DetectedBox box(String label, double score, double x1, double y1, double x2, double y2) {
    return new Detections.DetectedBox(label, 0, score, new double[] {x1, y1, x2, y2});
  }
}
