package io.vsp.sink.clips;

import io.vsp.common.config.SinkConfig;
import io.vsp.common.inbound.Inbound;
import io.vsp.common.inbound.RecordGate;
import io.vsp.common.inbound.RecordRules;
import io.vsp.common.lifecycle.FaultHook;
import io.vsp.common.wire.Clip;
import io.vsp.common.wire.Event;
import io.vsp.common.wire.Json;
import io.vsp.sink.SinkMetrics;
import io.vsp.sink.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clipper ({@code clipper} thread): {@code events} → snapshots (on {@code start}/{@code update} whose best
 * detection changed) and clips (on {@code end}) in the store → {@code clips} records. Instances share the
 * events partitions through one consumer group. A clip is built outside any transaction; then its
 * {@code clips} record and the events offsets commit in one short transaction, so a crash before the commit
 * rebuilds the clip — over the same file, as its name derives from the event id — and sends its record once.
 */
public final class Clipper implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Clipper.class);
  /** Footage of a camera that went away will not come: wait only briefly for its tail. */
  private static final long OFFLINE_WAIT_MILLIS = 2_000;
  /** Live footage arrives about when it is captured; allow this much transport delay on top. */
  private static final long LIVE_WAIT_MILLIS = 10_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String eventsTopic;
  private final String clipsTopic;
  private final VideoFetcher video;
  private final FrameFetcher frames;
  private final ClipBuilder builder;
  private final Store store;
  private final SinkConfig.Clips config;
  private final SinkMetrics metrics;
  private final RecordGate gate;
  private final Consumer<Throwable> onFatal;
  private final Map<String, Long> snapshotFrames = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 10_000;
    }
  };
  private volatile boolean running = true;

  /**
   * @param consumer in the clippers' group, read_committed, auto-commit off; owned from now on
   * @param producer transactional, transactions initialised; owned from now on
   */
  public Clipper(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer, String eventsTopic,
                 String clipsTopic, VideoFetcher video, FrameFetcher frames, ClipBuilder builder, Store store,
                 SinkConfig.Clips config, SinkMetrics metrics, RecordGate gate, Consumer<Throwable> onFatal) {
    this.consumer = consumer;
    this.producer = producer;
    this.eventsTopic = eventsTopic;
    this.clipsTopic = clipsTopic;
    this.video = video;
    this.frames = frames;
    this.builder = builder;
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.gate = gate;
    this.onFatal = onFatal;
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(eventsTopic));
      while (running) {
        FaultHook.throwIfTriggered("clipper");
        var records = consumer.poll(Duration.ofMillis(500));
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (!running) {
            break;
          }
          ProducerRecord<byte[], byte[]> clip = handle(r);
          done.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          if (clip != null) {
            commit(List.of(clip), done);
            done.clear();
          }
        }
        if (!done.isEmpty()) {
          commit(List.of(), done);
        }
      }
    } catch (WakeupException e) {
      // close() during poll
    } catch (ProducerFencedException e) {
      running = false;
      onFatal.accept(e);
    } catch (RuntimeException e) {
      onFatal.accept(e); // logs it, with this thread's name
    } finally {
      producer.close(Duration.ofSeconds(3));
      consumer.close(Duration.ofSeconds(3));
      video.close();
      frames.close();
      builder.close();
    }
  }

  private void commit(List<ProducerRecord<byte[], byte[]>> out, Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      producer.beginTransaction();
      out.forEach(producer::send);
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw e;
    } catch (KafkaException e) {
      // e.g. this instance lost the partitions to another one during a long build: that one redoes the work
      log.warn("clipper transaction aborted ({}); re-reading from the last commit", e.toString());
      producer.abortTransaction();
      Map<TopicPartition, OffsetAndMetadata> last = consumer.committed(consumer.assignment());
      for (TopicPartition tp : consumer.assignment()) {
        OffsetAndMetadata committed = last.get(tp);
        if (committed != null) {
          consumer.seek(tp, committed.offset());
        } else {
          consumer.seekToBeginning(List.of(tp));
        }
      }
    }
  }

  /** Writes a snapshot or builds a clip as the event asks; returns the clips record to send, if any. */
  ProducerRecord<byte[], byte[]> handle(ConsumerRecord<byte[], byte[]> r) {
    Event event = gate.admit(Inbound.of(r), RecordRules::event); // an end has its endTs, best its frame
    if (event == null) {
      return null; // counted and logged; its offset commits with the next ones
    }
    if (event.best() != null) {
      snapshot(event); // on end too: a better detection in the event's last second still counts
    }
    if (event.type().equals(Event.END) && config.enabled()) {
      Clip clip = clip(event);
      if (clip != null) {
        return new ProducerRecord<>(clipsTopic, event.camera().getBytes(StandardCharsets.UTF_8), Json.write(clip));
      }
    }
    return null;
  }

  private void snapshot(Event event) {
    Event.Best best = event.best();
    Long done = snapshotFrames.get(event.id());
    if (done != null && done == best.offset()) {
      return; // the best detection has not changed since the last snapshot
    }
    byte[] jpeg = frames.fetch(best.partition(), best.offset(), Duration.ofSeconds(5));
    if (jpeg == null) {
      log.warn("event {}: frame {}@{} is gone, snapshot not updated", event.id(), best.partition(), best.offset());
      return;
    }
    try {
      Path target = store.snapshotFile(event.id(), Instant.parse(event.startTs()));
      SnapshotWriter.write(jpeg, best.box(), event.label(), best.score(), event.track(), target);
      snapshotFrames.put(event.id(), best.offset());
      metrics.snapshots.inc();
    } catch (Exception e) {
      log.warn("event {}: snapshot failed: {}", event.id(), e.toString());
    }
  }

  private Clip clip(Event event) {
    long startUs = Json.parseMicros(event.startTs());
    long endUs = Json.parseMicros(event.endTs());
    long fromUs = startUs - config.preRoll().toNanos() / 1000;
    long toUs = Math.min(endUs + config.postRoll().toNanos() / 1000, fromUs + config.maxLength().toNanos() / 1000);
    long deadline = Event.LOST.equals(event.endReason())
        ? Math.max(System.currentTimeMillis(), toUs / 1000) + LIVE_WAIT_MILLIS
        : System.currentTimeMillis() + OFFLINE_WAIT_MILLIS;
    try {
      List<VideoUnit> units = video.fetch(event.camera(), fromUs, toUs, deadline);
      long started = System.nanoTime(); // the build, not the wait for post-roll footage
      if (units.isEmpty()) {
        metrics.clips.labelValues("empty").inc();
        log.warn("event {}: no footage of camera {} in the video topic for {} .. {}", event.id(), event.camera(),
            Json.timestampMicros(fromUs), Json.timestampMicros(toUs));
        return null;
      }
      Instant start = Instant.parse(event.startTs());
      Path target = store.clipFile(event.id(), start);
      Annotation annotation = config.annotate() && event.path() != null
          ? new Annotation(event.label(), event.track(), event.path()) : null;
      ClipResult result = builder.build(units, fromUs, annotation, target);
      if (config.keepOriginal()) {
        builder.remux(units, store.originalFile(event.id(), start));
      }
      metrics.clips.labelValues("ok").inc();
      metrics.clipBuildSeconds.observe((System.nanoTime() - started) / 1e9);
      log.info("event {}: clip {} ({} frames, {} bytes)", event.id(), store.relative(target), result.frames(),
          result.bytes());
      return new Clip(1, event.id(), event.id(), event.camera(), Json.timestampMicros(result.firstTsUs()),
          Json.timestampMicros(result.lastTsUs()), result.frames(), result.fps(), result.width(), result.height(),
          annotation != null, store.relative(target), "/clips/" + event.id() + ".mp4", result.bytes(),
          result.sha256());
    } catch (Exception e) {
      metrics.clips.labelValues("failed").inc();
      log.warn("event {}: clip failed: {}", event.id(), e.toString());
      return null;
    }
  }

  /** Finishes the record in hand, commits, and ends the thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }
}
