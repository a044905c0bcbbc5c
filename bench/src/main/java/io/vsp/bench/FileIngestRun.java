package io.vsp.bench;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vsp.common.kafka.KafkaClients;
import io.vsp.common.kafka.Topics;
import io.vsp.ingest.camera.CaptureClock;
import io.vsp.ingest.camera.StreamReader;
import io.vsp.ingest.frames.FrameDecoder;
import io.vsp.ingest.frames.FramePublisher;
import io.vsp.ingest.frames.FrameSampler;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import io.vsp.ingest.video.VideoPublisher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * One pass of the sample file through the real ingest path at full speed, no pacing: StreamReader →
 * VideoPublisher (every access unit to {@code video}) and FramePublisher (decode every frame, sample 5 fps,
 * downscale to 1280, JPEG 85 to {@code frames}) → MediaPublisher → the broker. The per-packet work is
 * that of the ingest's {@code CameraSession}, repeated here because that class is package-private.
 */
final class FileIngestRun {
  static final String CAMERA = "bench";
  static final double DETECT_FPS = 5;
  static final int MAX_WIDTH = 1280;
  static final int JPEG_QUALITY = 85;

  /**
   * What one pass did.
   *
   * @param vsp frames read, wall time from the first packet to the last record acknowledged, JVM CPU
   * @param brokerCpuSeconds CPU of the broker process over the same interval
   * @param threadCpu CPU seconds by thread role, from the first packet to end of file
   * @param videoRecords records in the run's {@code video} topic, read back from the broker
   * @param frameRecords records in the run's {@code frames} topic, read back from the broker
   * @param frameBytes bytes of the {@code frames} topic's log (JPEGs plus record framing)
   * @param framesDecoded frames the decoder returned
   * @param dropped records VSP counted as dropped (Kafka or corrupt)
   */
  record Result(Throughput vsp, double brokerCpuSeconds, Map<String, Long> threadCpu, long videoRecords,
                long frameRecords, long frameBytes, long framesDecoded, long dropped) {}

  private FileIngestRun() {}

  /** Reads {@code file} once with {@code threads} decoder threads, publishing to topics named {@code prefix}*. */
  static Result run(String file, int threads, KafkaClients clients, String prefix, Optional<ProcessHandle> broker)
      throws IOException, InterruptedException, TimeoutException, ExecutionException {
    Topics topics = new Topics(prefix, 12, (short) 1);
    String videoTopic = topics.name(Topics.VIDEO);
    String framesTopic = topics.name(Topics.FRAMES);
    try (Admin admin = Admin.create(clients.admin("bench-admin"))) {
      topics.ensure(admin, List.of(Topics.VIDEO, Topics.FRAMES), Duration.ofSeconds(30));
    }
    IngestMetrics metrics = new IngestMetrics(new PrometheusRegistry());
    metrics.cameraKnown(CAMERA);
    Throughput vsp;
    double brokerCpu;
    Map<String, Long> threadCpu;
    try (MediaPublisher publisher = new MediaPublisher(clients.mediaProducer("bench-ingest-" + prefix), metrics);
         StreamReader reader = new StreamReader(file, "tcp", Duration.ofSeconds(30))) {
      if (!publisher.warmUp(List.of(videoTopic, framesTopic), Duration.ofSeconds(30))) {
        throw new IOException("no topic metadata from the broker within 30 s");
      }
      StreamReader.StreamInfo info = reader.open();
      CaptureClock clock = new CaptureClock(CaptureClock::systemMicros, reader.isLive());
      String session = Long.toString(System.currentTimeMillis());
      VideoPublisher video = new VideoPublisher(videoTopic, CAMERA, session, info.codec(), info.width(),
          info.height(), info.fps(), info.extradata(), clock, publisher, metrics);
      FramePublisher frames = new FramePublisher(framesTopic, CAMERA, session,
          new FrameDecoder(info.stream(), threads), new FrameSampler(DETECT_FPS),
          MAX_WIDTH, JPEG_QUALITY, clock, publisher, metrics, reader.isLive());
      String readerThread = Thread.currentThread().getName();
      long[] packets = {0};
      CpuTimes.ThreadSample threadsBefore = CpuTimes.ThreadSample.take();
      long brokerBefore = CpuTimes.processNanos(broker);
      long busyBefore = CpuTimes.machineBusyNanos();
      long cpuBefore = CpuTimes.processNanos();
      long start = System.nanoTime();
      try {
        reader.run((packet, ptsUs, dtsUs, keyframe) -> {
          packets[0]++;
          metrics.packets.labelValues(CAMERA).inc();
          byte[] data = new byte[packet.size()];
          packet.data().get(data, 0, data.length);
          video.onPacket(data, ptsUs, dtsUs, keyframe);
          frames.onPacket(packet);
        });
        video.finish();
        // before the decoder is freed: its native threads end with it, and their time with them
        threadCpu = CpuTimes.ThreadSample.take().since(threadsBefore, t -> role(t, readerThread));
      } finally {
        frames.close();
        publisher.close(Duration.ofSeconds(60)); // waits until every record is acknowledged
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (CpuTimes.processNanos() - cpuBefore) / 1e9;
      brokerCpu = (CpuTimes.processNanos(broker) - brokerBefore) / 1e9;
      double busy = (CpuTimes.machineBusyNanos() - busyBefore) / 1e9;
      vsp = new Throughput(packets[0], seconds, cpu, Throughput.otherCores(busy, cpu + brokerCpu, seconds));
    }
    long dropped = (long) (metrics.dropped.labelValues(CAMERA, IngestMetrics.DROP_KAFKA).get()
        + metrics.dropped.labelValues(CAMERA, IngestMetrics.DROP_CORRUPT).get());
    return new Result(vsp, brokerCpu, threadCpu, TopicStats.records(clients, videoTopic),
        TopicStats.records(clients, framesTopic), TopicStats.bytes(clients, framesTopic),
        (long) metrics.framesDecoded.labelValues(CAMERA).get(), dropped);
  }

  /** Groups the threads of a file pass by what they do. */
  static String role(String thread, String readerThread) {
    String jvm = CpuTimes.jvmRole(thread);
    if (jvm != null) {
      return jvm;
    }
    if (readerThread.startsWith(thread)) { // kernel names are cut at 15 characters
      return "reader: demux, decode, JPEG, send";
    }
    if (thread.startsWith("kafka-producer")) {
      return "Kafka producer I/O";
    }
    if (thread.startsWith("av:")) {
      return "FFmpeg decoder threads";
    }
    return "other";
  }
}
