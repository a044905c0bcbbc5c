package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * Writes one video stream into an MP4 file with {@code movflags +faststart}: at the end FFmpeg moves the
 * {@code moov} index in front of {@code mdat}, so a browser starts playing before it has the whole file
 * (NOTES, "For MP4 that browsers play"); with {@code bitexact}, without FFmpeg's version string. Use:
 * {@link #addStream}, fill its parameters, {@link #start}, {@link #write}…, {@link #finish}, {@link #close}.
 * Owned by one thread; {@link #close} frees everything.
 */
final class Mp4Muxer implements AutoCloseable {
  private final String url;
  private final boolean bitexact;
  private AVFormatContext format = new AVFormatContext(null);
  private AVStream stream;
  private boolean open;

  Mp4Muxer(Path file) throws IOException {
    this(file, false);
  }

  Mp4Muxer(Path file, boolean bitexact) throws IOException {
    this.bitexact = bitexact;
    url = "file:" + file.toAbsolutePath(); // the prefix keeps a ':' in the name from reading as a protocol
    Av.check(avformat_alloc_output_context2(format, null, "mp4", url), "MP4 muxer");
  }

  /** Whether encoders must put their parameter sets in extradata (MP4 does: they go in the avcC box). */
  boolean wantsGlobalHeader() {
    return (format.oformat().flags() & AVFMT_GLOBALHEADER) != 0;
  }

  /** Adds the video stream and returns its parameters to fill; {@code timeBase} is a hint the muxer may change. */
  AVCodecParameters addStream(AVRational timeBase) throws IOException {
    stream = avformat_new_stream(format, null);
    if (stream == null) {
      throw new IOException("cannot add a stream to " + url);
    }
    stream.time_base(timeBase);
    return stream.codecpar();
  }

  /** Records the stream's constant frame rate (after {@link #addStream}, before {@link #start}). */
  void frameRate(AVRational rate) {
    stream.avg_frame_rate(rate);
    stream.r_frame_rate(rate);
  }

  void start() throws IOException {
    AVIOContext pb = new AVIOContext(null);
    Av.check(avio_open(pb, url, AVIO_FLAG_WRITE), "open " + url);
    format.pb(pb);
    open = true;
    AVDictionary options = new AVDictionary(null);
    try {
      av_dict_set(options, "movflags", "+faststart", 0);
      if (bitexact) {
        av_dict_set(options, "fflags", "+bitexact", 0); // no "Lavf" version string in the file
      }
      Av.check(avformat_write_header(format, options), "MP4 header");
    } finally {
      av_dict_free(options);
    }
  }

  /** The stream's time base as the muxer settled it (valid after {@link #start}). */
  AVRational timeBase() {
    return stream.time_base();
  }

  /** Writes a packet with timestamps in {@link #timeBase}; takes its data (the packet is left blank). */
  void write(AVPacket packet) throws IOException {
    packet.stream_index(stream.index());
    Av.check(av_interleaved_write_frame(format, packet), "MP4 write");
  }

  /** Writes the index, moved to the front (faststart). */
  void finish() throws IOException {
    Av.check(av_write_trailer(format), "MP4 trailer");
  }

  @Override
  public void close() {
    if (format == null) {
      return;
    }
    if (open) {
      avio_closep(format.pb());
      open = false;
    }
    avformat_free_context(format);
    format = null;
  }
}
