package io.vsp.ingest.video;

import io.vsp.common.wire.MediaHeaders;
import io.vsp.ingest.camera.CaptureClock;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns one session's packets of the main stream into {@code video} records (SPEC §5): one Annex-B
 * access unit each, parameter sets in front of every keyframe, starting at the first keyframe, timestamped
 * with the capture time. Sizes are capped by what a record can carry: a packet or access unit above
 * {@link #MAX_UNIT_BYTES} is dropped and counted ({@code reason="too_large"}), and publishing resumes at
 * the next keyframe.
 */
public final class VideoPublisher {
  /**
   * Largest access unit (and packet) kept: a record's value limit less what {@link ParameterSets} may
   * put in front of a keyframe. A 4K keyframe is about 2 MB, so only a broken or hostile camera hits it.
   */
  public static final int MAX_UNIT_BYTES = MediaPublisher.MAX_VALUE_BYTES - ParameterSets.MAX_ADDED_BYTES;

  private final String topic;
  private final String camera;
  private final String session;
  private final Codec codec;
  private final int width;
  private final int height;
  private final int lengthSize;
  private final ParameterSets parameterSets;
  private final AccessUnitAssembler assembler;
  private final CaptureClock clock;
  private final MediaPublisher publisher;
  private final IngestMetrics metrics;
  /** Until the next keyframe nothing is sent: at session start, and after a record was lost. */
  private volatile boolean awaitingKeyframe = true;

  public VideoPublisher(String topic, String camera, String session, Codec codec, int width, int height,
                        double fps, byte[] extradata, CaptureClock clock, MediaPublisher publisher,
                        IngestMetrics metrics) {
    this.topic = topic;
    this.camera = camera;
    this.session = session;
    this.codec = codec;
    this.width = width;
    this.height = height;
    this.lengthSize = AnnexB.lengthSize(codec, extradata);
    this.assembler = new AccessUnitAssembler(codec, Math.round(1_000_000 / (fps > 0 ? fps : 25)),
        MAX_UNIT_BYTES, this::unitTooLarge);
    List<byte[]> initial = AnnexB.parameterSets(codec, extradata);
    this.parameterSets = new ParameterSets(codec, initial);
    this.clock = clock;
    this.publisher = publisher;
    this.metrics = metrics;
  }

  /**
   * Whether a packet of this size may be copied and passed to {@link #onPacket}; when not, the access
   * unit it belongs to is dropped and counted, and the caller skips the packet.
   */
  public boolean admit(int packetBytes) {
    if (packetBytes <= MAX_UNIT_BYTES) {
      return true;
    }
    assembler.skip(packetBytes);
    return false;
  }

  /**
   * One demuxer packet (Annex-B from RTSP, length-prefixed from MP4 files, which the conversion makes
   * at most 2.5 times larger: a 1-byte length becomes a 4-byte start code).
   */
  public void onPacket(byte[] data, long ptsUs, long dtsUs, boolean keyframe) {
    byte[] annexB = lengthSize > 0 ? AnnexB.fromLengthPrefixed(data, lengthSize) : data;
    for (AccessUnitAssembler.AccessUnit au : assembler.push(annexB, ptsUs, dtsUs, keyframe)) {
      publish(au);
    }
  }

  /** End of session: publishes the access unit still being assembled. */
  public void finish() {
    AccessUnitAssembler.AccessUnit au = assembler.flush();
    if (au != null) {
      publish(au);
    }
  }

  /** The assembler dropped a unit (and skips the ones after it up to the next keyframe). */
  private void unitTooLarge(long bytes) {
    publisher.tooLarge(camera, "video access unit", bytes);
  }

  private void publish(AccessUnitAssembler.AccessUnit au) {
    if (awaitingKeyframe && !au.keyframe()) {
      // a session's first record is a keyframe, so a reader can start decoding there; after a loss,
      // frames referring to the lost one would only decode as garbage until the next keyframe
      return;
    }
    awaitingKeyframe = false;
    byte[] value = parameterSets.complete(au.data(), au.keyframe());
    long ts = clock.captureMicros(au.ptsUs());
    RecordHeaders headers = new RecordHeaders();
    MediaHeaders.add(headers, MediaHeaders.CAMERA, camera);
    MediaHeaders.add(headers, MediaHeaders.SESSION, session);
    MediaHeaders.add(headers, MediaHeaders.PTS, au.ptsUs());
    MediaHeaders.add(headers, MediaHeaders.DTS, au.dtsUs());
    MediaHeaders.add(headers, MediaHeaders.TS, ts);
    MediaHeaders.add(headers, MediaHeaders.KEY, au.keyframe() ? "1" : "0");
    MediaHeaders.add(headers, MediaHeaders.CODEC, codec.wireName());
    MediaHeaders.add(headers, MediaHeaders.WIDTH, width);
    MediaHeaders.add(headers, MediaHeaders.HEIGHT, height);
    publisher.send(topic, camera, ts / 1000, value, headers, new MediaPublisher.Outcome() {
      @Override
      public void acked() {
        metrics.videoPublished.labelValues(metrics.camera(camera)).inc();
      }

      @Override
      public void dropped() {
        awaitingKeyframe = true;
      }
    });
  }
}
