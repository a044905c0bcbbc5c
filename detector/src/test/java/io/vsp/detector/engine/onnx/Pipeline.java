package io.vsp.detector.engine.onnx;

import io.vsp.common.wire.Labels;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.postprocess.DetectedObject;
import io.vsp.detector.postprocess.OutputDecoder;
import io.vsp.detector.preprocess.CorruptFrameException;
import io.vsp.detector.preprocess.Letterbox;
import io.vsp.detector.preprocess.Preprocessor;
import java.util.ArrayList;
import java.util.List;

/** Preprocess → infer → decode for tests, the way the detector chains the stages, a batch at a time. */
final class Pipeline implements AutoCloseable {
  private final InferenceEngine engine;
  private final Preprocessor preprocessor;
  private final OutputDecoder decoder;
  private final InputBatch batch;

  Pipeline(InferenceEngine engine) {
    this(engine, true);
  }

  Pipeline(InferenceEngine engine, boolean reducedDecode) {
    this.engine = engine;
    this.preprocessor = new Preprocessor(engine.contract(), Math.min(636, engine.contract().width()), 114,
        reducedDecode);
    this.decoder = new OutputDecoder(engine.contract(), Labels.coco(), 0.25, 0.7, 300);
    this.batch = engine.newInputBatch();
  }

  /** Objects of each frame, in frame order. */
  List<List<DetectedObject>> detect(List<byte[]> frames) throws EngineException, CorruptFrameException {
    List<List<DetectedObject>> results = new ArrayList<>();
    for (int start = 0; start < frames.size(); start += batch.capacity()) {
      List<Letterbox> boxes = new ArrayList<>();
      int used = Math.min(batch.capacity(), frames.size() - start);
      for (int i = 0; i < used; i++) {
        boxes.add(preprocessor.prepare(frames.get(start + i), batch.slot(i)));
      }
      try (RawOutput out = engine.infer(batch, used)) {
        results.addAll(decoder.decode(out, boxes));
      }
    }
    return results;
  }

  @Override
  public void close() {
    preprocessor.close();
    engine.close();
  }
}
