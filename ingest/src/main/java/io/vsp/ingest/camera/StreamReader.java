package io.vsp.ingest.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import io.vsp.common.config.Secrets;
import io.vsp.ingest.video.AccessUnitAssembler;
import io.vsp.ingest.video.Codec;
import java.io.IOException;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.LongPointer;

/**
 * One connection to a camera stream through FFmpeg's demuxer: opens it (RTSP over TCP or UDP, socket
 * timeout set), then hands every packet of its video stream to a {@link PacketHandler}.
 *
 * <p>No call blocks for ever: FFmpeg polls an interrupt callback during I/O, which aborts when the reader
 * is closed or when no packet arrived for {@code noData} (the watchdog). Native memory is owned by the
 * thread that calls {@link #open} and {@link #run}, and freed by {@link #close} on that same thread.
 *
 * <p>A file URL is read as fast as it decodes (benchmarks, backfills). A file URL ending in {@value #LIVE}
 * is played like a camera: paced at real time and looped for ever with timestamps running on, so its
 * session never ends (the demo camera; FFmpeg's {@code -re -stream_loop -1}).
 */
public final class StreamReader implements AutoCloseable {
  /** Suffix of a file URL to play at real time, looped: {@code file:/videos/door.mp4#live}. */
  public static final String LIVE = "#live";

  /** What a session does with the packets of the video stream. */
  public interface PacketHandler {
    /**
     * Called for each video packet; {@code packet} is valid only during the call.
     *
     * @param ptsUs presentation time in µs, or {@link AccessUnitAssembler#NO_TS}
     */
    void onPacket(AVPacket packet, long ptsUs, long dtsUs, boolean keyframe) throws IOException;
  }

  /** What the stream is, known after {@link #open}. */
  public record StreamInfo(Codec codec, int width, int height, byte[] extradata, double fps,
                           AVStream stream) {}

  private final String url;
  private final String transport;
  private final long noDataNanos;
  private final boolean live;
  private final boolean paced;
  private volatile boolean closed;
  private volatile long lastActivityNanos;
  private AVFormatContext fmt;
  private LongPointer interruptToken;
  private AVPacket packet;
  private int videoIndex = -1;
  private StreamInfo info;

  /**
   * @param url connect URL, credentials included; never logged unmasked
   * @param transport {@code tcp} or {@code udp} (RTSP only)
   * @param noData watchdog: abort when no packet arrived for this long (also the open timeout)
   */
  public StreamReader(String url, String transport, Duration noData) {
    this.url = url;
    this.transport = transport;
    this.noDataNanos = noData.toNanos();
    this.paced = url.endsWith(LIVE) && (url.startsWith("file:") || url.startsWith("/"));
    this.live = paced || (!url.startsWith("file:") && !url.startsWith("/"));
  }

  /** What FFmpeg opens: the path of a file URL, without VSP's {@value #LIVE} marker. */
  private String input() {
    String u = paced ? url.substring(0, url.length() - LIVE.length()) : url;
    return u.startsWith("file:") ? u.substring(5) : u;
  }

  public boolean isLive() {
    return live;
  }

  /** Connects and reads the stream parameters. */
  public StreamInfo open() throws IOException {
    FFmpeg.init();
    lastActivityNanos = System.nanoTime();
    fmt = avformat_alloc_context();
    interruptToken = FFmpeg.register(fmt.interrupt_callback(), this::shouldAbort);
    AVDictionary options = new AVDictionary(null);
    if (url.startsWith("rtsp")) {
      av_dict_set(options, "rtsp_transport", transport, 0);
      av_dict_set(options, "allowed_media_types", "video", 0);
    }
    // socket I/O timeout in µs (FFmpeg ≥ 5 calls it `timeout`; `stimeout` is gone)
    av_dict_set(options, "timeout", Long.toString(noDataNanos / 1000), 0);
    int err = avformat_open_input(fmt, input(), null, options);
    av_dict_free(options);
    if (err < 0) {
      fmt = null; // FFmpeg freed it
      throw new IOException(closed ? "closed" : "cannot open " + Secrets.mask(url) + ": "
          + FFmpeg.error(err));
    }
    err = avformat_find_stream_info(fmt, (org.bytedeco.javacpp.PointerPointer<?>) null);
    if (err < 0) {
      throw new IOException("cannot read stream info: " + FFmpeg.error(err));
    }
    videoIndex = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (org.bytedeco.ffmpeg.avcodec.AVCodec) null, 0);
    if (videoIndex < 0) {
      throw new IOException("no video stream in " + Secrets.mask(url));
    }
    AVStream stream = fmt.streams(videoIndex);
    AVCodecParameters par = stream.codecpar();
    Codec codec = switch (par.codec_id()) {
      case avcodec.AV_CODEC_ID_H264 -> Codec.H264;
      case avcodec.AV_CODEC_ID_HEVC -> Codec.HEVC;
      default -> throw new IOException("unsupported codec " + avcodec.avcodec_get_name(par.codec_id())
          .getString() + " (VSP records H.264 and H.265)");
    };
    byte[] extradata = new byte[par.extradata_size()];
    if (extradata.length > 0) {
      par.extradata().get(extradata);
    }
    AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
    double fps = rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
    info = new StreamInfo(codec, par.width(), par.height(), extradata, fps, stream);
    packet = av_packet_alloc();
    return info;
  }

  /**
   * Reads until the stream ends (returns normally), fails or stalls (throws), or {@link #close} is
   * requested from another thread (returns normally).
   */
  public void run(PacketHandler handler) throws IOException {
    AVRational timeBase = info.stream().time_base();
    Pacer pacer = paced ? new Pacer(timeBase, info.fps()) : null;
    while (!closed) {
      int err = av_read_frame(fmt, packet);
      if (err == AVERROR_EOF && pacer != null) {
        pacer.loop();
        if (av_seek_frame(fmt, videoIndex, info.stream().start_time() < 0 ? 0 : info.stream().start_time(),
            AVSEEK_FLAG_BACKWARD) < 0) {
          throw new IOException("cannot seek back to the start of " + Secrets.mask(url));
        }
        continue;
      }
      if (err == AVERROR_EOF) {
        return;
      }
      if (err < 0) {
        if (closed) {
          return;
        }
        boolean stalled = System.nanoTime() - lastActivityNanos > noDataNanos;
        throw new IOException(stalled
            ? "no data for " + Duration.ofNanos(noDataNanos).toSeconds() + "s (watchdog)"
            : "read failed: " + FFmpeg.error(err));
      }
      try {
        if (packet.stream_index() == videoIndex) {
          if (pacer != null && !pacer.await(packet, () -> closed)) {
            return;
          }
          lastActivityNanos = System.nanoTime();
          handler.onPacket(packet, FFmpeg.micros(packet.pts(), timeBase), FFmpeg.micros(packet.dts(), timeBase),
              (packet.flags() & AV_PKT_FLAG_KEY) != 0);
        }
      } finally {
        av_packet_unref(packet);
      }
    }
  }

  /** Asks a blocked or running {@link #run} to return; callable from any thread. */
  public void requestStop() {
    closed = true;
  }

  /** Frees the native resources; call on the thread that ran the session. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (fmt != null) {
      avformat_close_input(fmt);
      fmt = null;
    }
    if (interruptToken != null) {
      FFmpeg.unregister(interruptToken);
      interruptToken = null;
    }
  }

  private boolean shouldAbort() {
    return closed || System.nanoTime() - lastActivityNanos > noDataNanos;
  }
}
