package io.vsp.sink.clips;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/** FFmpeg return codes as exceptions naming the step that failed. */
final class Av {
  private Av() {}

  static int check(int err, String what) throws IOException {
    if (err < 0) {
      throw new IOException(what + ": " + error(err));
    }
    return err;
  }

  /** FFmpeg's message for an error code. */
  static String error(int code) {
    try (BytePointer buf = new BytePointer(256)) {
      buf.fill(0);
      avutil.av_strerror(code, buf, buf.capacity());
      return buf.getString(StandardCharsets.UTF_8).trim() + " (" + code + ")";
    }
  }
}
