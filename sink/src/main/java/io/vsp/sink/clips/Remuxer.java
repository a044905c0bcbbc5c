package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * The {@code keepOriginal} copy: the units as they came, into MP4 without re-encoding. The MP4 header's
 * parameter sets come from the first keyframe; FFmpeg's MP4 muxer turns each Annex-B unit into length
 * prefixed NAL units. Timestamps are the camera's, shifted to start at 0; a new session (whose pts start
 * over) continues after the previous one, at its capture-time distance from the clip's start when that is
 * later, and begins at its first keyframe. Owned by one thread; {@link #close} frees its native objects.
 */
final class Remuxer implements AutoCloseable {
  private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

  private final Mp4Muxer muxer;
  private final long stepUs;
  private final long clipStartTsUs;
  private AVPacket packet = av_packet_alloc();
  private String session;
  private boolean waitingForKey;
  private long offsetUs;
  private long lastDts = Long.MIN_VALUE; // in the stream's time base
  private int frames;
  private int skipped;
  private long firstTsUs;
  private long lastTsUs;

  Remuxer(Path file, VideoUnit first, FrameRate rate) throws IOException {
    stepUs = Math.round(1e6 / rate.fps());
    clipStartTsUs = first.tsUs();
    muxer = new Mp4Muxer(file);
    try (AVRational hint = new AVRational().num(1).den(90_000)) {
      AVCodecParameters par = muxer.addStream(hint);
      par.codec_type(AVMEDIA_TYPE_VIDEO);
      par.codec_id(VideoUnit.HEVC.equals(first.codec()) ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
      par.width(first.width());
      par.height(first.height());
      byte[] ps = AnnexB.parameterSets(first.data(), first.codec());
      if (ps.length > 0) {
        BytePointer extradata = new BytePointer(av_mallocz(ps.length + AV_INPUT_BUFFER_PADDING_SIZE));
        extradata.put(ps);
        par.extradata(extradata); // freed with the muxer's context
        par.extradata_size(ps.length);
      }
      muxer.start();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  void write(VideoUnit unit) throws IOException {
    if (!unit.session().equals(session)) {
      session = unit.session();
      waitingForKey = true;
    }
    if (waitingForKey) {
      if (!unit.key()) {
        skipped++;
        return;
      }
      long lastUs = lastDts == Long.MIN_VALUE ? -stepUs : av_rescale_q(lastDts, muxer.timeBase(), MICROS);
      offsetUs = Math.max(lastUs + stepUs, unit.tsUs() - clipStartTsUs) - unit.dtsUs();
      waitingForKey = false;
    }
    if (!AnnexB.plausible(unit.data(), unit.codec())) {
      skipped++;
      return;
    }
    long dts = av_rescale_q(unit.dtsUs() + offsetUs, MICROS, muxer.timeBase());
    long pts = av_rescale_q(unit.ptsUs() + offsetUs, MICROS, muxer.timeBase());
    if (lastDts != Long.MIN_VALUE && dts <= lastDts) {
      dts = lastDts + 1; // a camera clock stepping back must not stop the file
    }
    Av.check(av_new_packet(packet, unit.data().length), "packet allocation");
    try {
      packet.data().put(unit.data());
      packet.dts(dts);
      packet.pts(Math.max(pts, dts));
      packet.duration(av_rescale_q(stepUs, MICROS, muxer.timeBase()));
      packet.flags(unit.key() ? AV_PKT_FLAG_KEY : 0);
      muxer.write(packet);
    } finally {
      av_packet_unref(packet);
    }
    lastDts = dts;
    if (frames++ == 0) {
      firstTsUs = unit.tsUs();
    }
    lastTsUs = unit.tsUs();
  }

  void finish() throws IOException {
    if (frames == 0) {
      throw new IOException("no video unit could be written");
    }
    muxer.finish();
  }

  int frames() {
    return frames;
  }

  int skipped() {
    return skipped;
  }

  long firstTsUs() {
    return firstTsUs;
  }

  long lastTsUs() {
    return lastTsUs;
  }

  @Override
  public void close() {
    muxer.close();
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
  }
}
