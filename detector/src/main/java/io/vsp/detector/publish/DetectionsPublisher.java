package io.vsp.detector.publish;

import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.Detections;
import io.vsp.common.wire.Json;
import io.vsp.detector.batch.Batch;
import io.vsp.detector.batch.FrameBatcher;
import io.vsp.detector.batch.FrameRecord;
import io.vsp.detector.batch.InFlight;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.InferenceEngine;
import io.vsp.detector.engine.InputBatch;
import io.vsp.detector.engine.RawOutput;
import io.vsp.detector.postprocess.DetectedObject;
import io.vsp.detector.postprocess.OutputDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second stage of the detector, on its own thread: runs the engine on a batch, decodes the outputs,
 * and writes exactly one {@code detections} record per frame of the batch. With exactly-once, the
 * records and the consumer offsets go in one Kafka transaction; an aborted transaction rewinds the
 * batcher, so the frames are read again and nothing is lost or repeated. A batch formed before a rewind
 * took effect (the one waiting in the hand-off) is dropped uncommitted and its frames read again too:
 * committing it would move the offsets past the frames being read again.
 */
public final class DetectionsPublisher implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(DetectionsPublisher.class);

  private final InferenceEngine engine;
  private final OutputDecoder decoder;
  private final Producer<byte[], byte[]> producer;
  private final boolean exactlyOnce;
  private final String topic;
  private final String modelName;
  private final BlockingQueue<Batch> handoff;
  private final BlockingQueue<InputBatch> freeInputs;
  private final InFlight inFlight;
  private final FrameBatcher batcher;
  private final DetectorMetrics metrics;
  private final Consumer<Throwable> fatal;
  private volatile boolean running = true;

  public DetectionsPublisher(InferenceEngine engine, OutputDecoder decoder, Producer<byte[], byte[]> producer,
                             boolean exactlyOnce, String topic, String modelName, BlockingQueue<Batch> handoff,
                             BlockingQueue<InputBatch> freeInputs, InFlight inFlight, FrameBatcher batcher,
                             DetectorMetrics metrics, Consumer<Throwable> fatal) {
    this.engine = engine;
    this.decoder = decoder;
    this.producer = producer;
    this.exactlyOnce = exactlyOnce;
    this.topic = topic;
    this.modelName = modelName;
    this.handoff = handoff;
    this.freeInputs = freeInputs;
    this.inFlight = inFlight;
    this.batcher = batcher;
    this.metrics = metrics;
    this.fatal = fatal;
  }

  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    try {
      while (running || !handoff.isEmpty()) {
        FaultHook.throwIfTriggered("infer");
        Batch batch = handoff.poll(100, TimeUnit.MILLISECONDS);
        if (batch == null) {
          continue;
        }
        batcher.wake(); // room in the hand-off: a full batch waiting for it may go
        try {
          if (!batcher.current(batch)) {
            drop(batch); // formed before a rewind took effect
            continue;
          }
          publish(batch, infer(batch));
        } finally {
          inFlight.done();
          batcher.wake(); // the engine is free: a batch not full may come now
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (EngineException | RuntimeException e) {
      // a broken engine, a fenced producer (another instance took our transactional.id), a bug: stop
      fatal.accept(e);
    }
  }

  /** What the engine found: objects per input slot, and how long it took. */
  private record Inference(List<List<DetectedObject>> objects, double inferMs) {}

  private Inference infer(Batch batch) throws EngineException {
    if (batch.input() == null) {
      return new Inference(List.of(), 0);
    }
    try {
      long start = System.nanoTime();
      RawOutput out = engine.infer(batch.input(), batch.used());
      double seconds = (System.nanoTime() - start) / 1e9;
      metrics.inferenceSeconds.observe(seconds);
      metrics.batchSize.observe(batch.used());
      return new Inference(decoder.decode(out, batch.letterboxes()), seconds * 1000);
    } finally {
      freeInputs.add(batch.input()); // the decoder copied what it needs
      batcher.wake(); // the next batch may fill this buffer while this one is published
    }
  }

  private void publish(Batch batch, Inference inference) {
    long now = System.nanoTime();
    long nowUs = System.currentTimeMillis() * 1000;
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(batch.frames().size());
    for (int i = 0; i < batch.frames().size(); i++) {
      FrameRecord f = batch.frames().get(i);
      String outcome = batch.outcomes().get(i);
      int slot = batch.slots().get(i);
      List<Detections.DetectedBox> boxes = new ArrayList<>();
      if (slot >= 0) {
        for (DetectedObject o : inference.objects().get(slot)) {
          boxes.add(new Detections.DetectedBox(o.label(), o.classId(), round(o.score(), 4), round4(o.box())));
        }
      }
      double queueMs = (batch.formedNanos() - f.polledNanos()) / 1e6;
      Detections d = new Detections(1, f.camera(), f.session(), Math.max(0, f.seq()), outcome,
          io.vsp.common.wire.Json.timestampMicros(f.captureUs()), f.ptsUs(),
          new Detections.Frame(f.partition().partition(), f.offset(), f.width(), f.height()),
          new Detections.Model(modelName, engine.engineName(), engine.contract().precision()),
          new Detections.Timing(round(queueMs, 2), slot >= 0 ? round(inference.inferMs(), 2) : 0,
              round((nowUs - f.captureUs()) / 1000.0, 2)),
          boxes);
      records.add(new ProducerRecord<>(topic, null, f.captureUs() / 1000, f.key(), Json.write(d)));
    }
    if (exactlyOnce) {
      if (!sendTransactionally(batch, records)) {
        return;
      }
    } else {
      records.forEach(r -> producer.send(r, (m, e) -> ack(e)));
      producer.flush();
      batcher.commitLater(batch.offsets());
    }
    for (int i = 0; i < batch.frames().size(); i++) {
      FrameRecord f = batch.frames().get(i);
      String camera = metrics.cameraSeen(f.camera());
      metrics.frames.labelValues(camera, batch.outcomes().get(i)).inc();
      metrics.latencySeconds.labelValues(camera).observe(Math.max(0, nowUs - f.captureUs()) / 1e6
          + (System.nanoTime() - now) / 1e9);
    }
  }

  /** Returns false when the transaction was aborted (the batcher then reads the frames again). */
  private boolean sendTransactionally(Batch batch, List<ProducerRecord<byte[], byte[]>> records) {
    try {
      producer.beginTransaction();
      records.forEach(producer::send);
      producer.sendOffsetsToTransaction(batch.offsets(), batch.group());
      producer.commitTransaction();
      return true;
    } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. a rebalance moved the partitions (the group generation changed): nothing was committed
      log.warn("transaction aborted ({}); the batch's {} frames will be read again", e.toString(),
          batch.frames().size());
      try {
        producer.abortTransaction();
      } catch (KafkaException abortFailed) {
        log.warn("abort failed: {}", abortFailed.toString());
      }
      batcher.rewind(firstOffsets(batch));
      return false;
    }
  }

  /** Gives a batch up uncommitted: its frames are read again (as are those of batches formed meanwhile). */
  private void drop(Batch batch) {
    if (batch.input() != null) {
      freeInputs.add(batch.input());
    }
    batcher.rewind(firstOffsets(batch));
  }

  private static Map<TopicPartition, Long> firstOffsets(Batch batch) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (FrameRecord f : batch.frames()) {
      first.merge(f.partition(), f.offset(), Math::min);
    }
    return first;
  }

  private void ack(Exception e) {
    if (e != null) {
      log.warn("detections record not acknowledged: {}", e.toString());
    }
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
