package io.vsp.detector.publish;

import io.vsp.common.wire.Detections;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.FrameRecord;
import io.vsp.detector.batch.InferredBatch;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.postprocess.DetectedObject;
import io.vsp.detector.postprocess.OutputDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * The output decoding stage: an inferred batch's raw outputs → objects per image ({@link OutputDecoder}: NMS,
 * boxes mapped back to the frame) → exactly one {@link Detections} record per frame of the batch, in the
 * batch's frame order. Holds the decoder's scratch arrays: one per publishing thread.
 */
public final class DetectionsDecoder {
  private final OutputDecoder decoder;
  private final Detections.Model model;

  public DetectionsDecoder(OutputDecoder decoder, String modelName, String engineName, ModelContract contract) {
    this.decoder = decoder;
    this.model = new Detections.Model(modelName, engineName, contract.precision());
  }

  /**
   * Decodes the batch's outputs and {@link InferredBatch#release releases} them: the engine may run another
   * batch into their buffer from here on.
   *
   * @param nowUs the time the records are made, epoch µs (their end-to-end timing)
   * @return one record per frame, in frame order; null for a frame a replay skipped ({@link Batch#SKIPPED})
   */
  public List<Detections> decode(InferredBatch inferred, long nowUs) {
    Batch batch = inferred.batch();
    List<List<DetectedObject>> objects;
    try {
      objects = inferred.output() == null ? List.of() : decoder.decode(inferred.output(), batch.letterboxes());
    } finally {
      inferred.release();
    }
    List<Detections> records = new ArrayList<>(batch.frames().size());
    for (int i = 0; i < batch.frames().size(); i++) {
      FrameRecord f = batch.frames().get(i);
      if (Batch.SKIPPED.equals(batch.outcomes().get(i))) {
        records.add(null);
        continue;
      }
      int slot = batch.slots().get(i);
      List<Detections.DetectedBox> boxes = new ArrayList<>();
      if (slot >= 0) {
        for (DetectedObject o : objects.get(slot)) {
          boxes.add(new Detections.DetectedBox(o.label(), o.classId(), round(o.score(), 4), round4(o.box())));
        }
      }
      double queueMs = (batch.formedNanos() - f.polledNanos()) / 1e6;
      records.add(new Detections(1, f.camera(), f.session(), Math.max(0, f.seq()), batch.outcomes().get(i),
          io.vsp.common.wire.Json.timestampMicros(f.captureUs()), f.ptsUs(),
          new Detections.Frame(f.partition().partition(), f.offset(), f.width(), f.height()), model,
          new Detections.Timing(round(queueMs, 2), slot >= 0 ? round(inferred.inferMs(), 2) : 0,
              round((nowUs - f.captureUs()) / 1000.0, 2)),
          boxes));
    }
    return records;
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static double[] round4(double[] box) {
    double[] out = new double[box.length];
    for (int i = 0; i < box.length; i++) {
      out[i] = round(box[i], 4);
    }
    return out;
  }
}
