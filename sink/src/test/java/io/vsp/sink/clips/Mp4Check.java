package io.vsp.sink.clips;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.swscale.SWS_POINT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vsp.common.testkit.FfmpegPrograms;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/** Reads an MP4 back the way a player would: ffprobe's view of the stream, the top-level boxes, the decoded pixels. */
final class Mp4Check {
  private Mp4Check() {}

  /** An RGB picture. */
  record Rgb(int width, int height, byte[] data) {
    int[] at(int x, int y) {
      int i = (y * width + x) * 3;
      return new int[] {data[i] & 0xff, data[i + 1] & 0xff, data[i + 2] & 0xff};
    }
  }

  interface FrameCheck {
    void check(int index, Rgb frame);
  }

  /** ffprobe's first video stream, frames counted by decoding ({@code nb_read_frames}). */
  static JsonNode probe(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(FfmpegPrograms.ffprobe().toString(), "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=codec_name,pix_fmt,width,height,r_frame_rate,avg_frame_rate,nb_read_frames,"
            + "nb_frames,duration:format=duration", "-of", "json", file.toString())
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (p.waitFor() != 0) {
      throw new IOException("ffprobe failed: " + new String(out));
    }
    JsonNode root = new ObjectMapper().readTree(out);
    JsonNode stream = root.path("streams").path(0).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) stream).put("format_duration",
        root.path("format").path("duration").asText());
    return stream;
  }

  /** The four-letter types of the file's top-level boxes, in file order. */
  static List<String> topLevelBoxes(Path file) throws IOException {
    List<String> types = new ArrayList<>();
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      long pos = 0;
      while (pos + 8 <= size) {
        long boxSize = data.readInt() & 0xffffffffL;
        byte[] type = new byte[4];
        data.readFully(type);
        long header = 8;
        if (boxSize == 1) {
          boxSize = data.readLong();
          header = 16;
        } else if (boxSize == 0) {
          boxSize = size - pos;
        }
        types.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
        data.skipNBytes(boxSize - header);
        pos += boxSize;
      }
    }
    return types;
  }

  /** Decodes every frame of the file's first stream to RGB (BT.601, as players assume untagged) and checks it. */
  static int decode(Path file, FrameCheck check) {
    AVFormatContext fmt = new AVFormatContext(null);
    AVCodecContext ctx = null;
    AVPacket pkt = av_packet_alloc();
    AVFrame frame = av_frame_alloc();
    SwsContext sws = null;
    BytePointer rgb = null;
    int count = 0;
    try {
      ok(avformat_open_input(fmt, file.toString(), null, (AVDictionary) null));
      ok(avformat_find_stream_info(fmt, (AVDictionary) null));
      AVCodec codec = avcodec_find_decoder(fmt.streams(0).codecpar().codec_id());
      ctx = avcodec_alloc_context3(codec);
      ok(avcodec_parameters_to_context(ctx, fmt.streams(0).codecpar()));
      ok(avcodec_open2(ctx, codec, (AVDictionary) null));
      boolean eof = false;
      while (true) {
        if (!eof) {
          if (av_read_frame(fmt, pkt) < 0) {
            eof = true;
            avcodec_send_packet(ctx, (AVPacket) null);
          } else {
            avcodec_send_packet(ctx, pkt);
            av_packet_unref(pkt);
          }
        }
        boolean got = false;
        while (avcodec_receive_frame(ctx, frame) >= 0) {
          got = true;
          int w = frame.width();
          int h = frame.height();
          sws = sws_getCachedContext(sws, w, h, frame.format(), w, h, AV_PIX_FMT_RGB24, SWS_POINT, null, null,
              (DoublePointer) null);
          if (rgb == null || rgb.capacity() < (long) w * h * 3) {
            rgb = new BytePointer((long) w * h * 3);
          }
          try (PointerPointer<?> dst = new PointerPointer<>(rgb, null, null, null);
               IntPointer stride = new IntPointer(w * 3, 0, 0, 0)) {
            sws_scale(sws, frame.data(), frame.linesize(), 0, h, dst, stride);
          }
          byte[] data = new byte[w * h * 3];
          rgb.get(data);
          check.check(count++, new Rgb(w, h, data));
        }
        if (eof && !got) {
          return count;
        }
      }
    } finally {
      if (rgb != null) {
        rgb.close();
      }
      if (sws != null) {
        sws_freeContext(sws);
      }
      av_frame_free(frame);
      av_packet_free(pkt);
      if (ctx != null) {
        avcodec_free_context(ctx);
      }
      avformat_close_input(fmt);
    }
  }

  private static void ok(int err) {
    if (err < 0) {
      throw new IllegalStateException("FFmpeg error " + err);
    }
  }
}
