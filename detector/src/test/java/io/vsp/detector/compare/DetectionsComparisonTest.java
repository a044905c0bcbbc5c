package io.vsp.detector.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vsp.common.inbound.Reason;
import io.vsp.common.wire.Detections;
import io.vsp.detector.compare.DetectionsComparison.Origin;
import io.vsp.detector.compare.DetectionsComparison.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionsComparisonTest {
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

  private static Detections frame(long offset, double inferMs, Detections.DetectedBox... objects) {
    return new Detections(1, "cam", "1", offset, Detections.PROCESSED, "2026-12-02T14:00:00.000000Z", 0,
        new Detections.Frame(0, offset, 640, 360), new Detections.Model("m", "onnxruntime", "fp32"),
        new Detections.Timing(1, inferMs, 10), List.of(objects));
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
