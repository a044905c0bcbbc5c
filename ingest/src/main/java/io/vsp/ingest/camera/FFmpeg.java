package io.vsp.ingest.camera;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_DEBUG;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;

import io.vsp.common.config.Secrets;
import io.vsp.common.logging.BurstLog;
import io.vsp.ingest.video.AccessUnitAssembler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Process-wide FFmpeg setup: network init, FFmpeg's log routed to SLF4J with credentials masked (its
 * lines quote the input URL, password included), error texts, and the interrupt callback through which
 * a blocked FFmpeg call is aborted. One callback object serves every reader (JavaCPP callbacks are a
 * scarce native resource); each reader is told apart by its opaque token.
 */
public final class FFmpeg {
  private static final Logger ffmpegLog = LoggerFactory.getLogger("ffmpeg");
  private static final Map<Long, BooleanSupplier> interruptChecks = new ConcurrentHashMap<>();
  private static final AtomicLong tokens = new AtomicLong();
  private static volatile boolean initialized;
  private static LogCallback logCallback; // kept reachable: FFmpeg holds its native address
  private static InterruptCallback interruptCallback;

  private FFmpeg() {}

  /** Idempotent; safe from any thread. */
  public static synchronized void init() {
    if (initialized) {
      return;
    }
    avformat.avformat_network_init();
    logCallback = new MaskingLogCallback();
    avutil.setLogCallback(logCallback);
    avutil.av_log_set_level(AV_LOG_WARNING);
    interruptCallback = new InterruptCallback();
    initialized = true;
  }

  private static final AVRational MICROS = new AVRational().num(1).den(1_000_000);

  /** A timestamp in {@code timeBase} units as µs, or {@link AccessUnitAssembler#NO_TS} for none. */
  public static long micros(long ts, AVRational timeBase) {
    return ts == avutil.AV_NOPTS_VALUE ? AccessUnitAssembler.NO_TS : avutil.av_rescale_q(ts, timeBase, MICROS);
  }

  /** FFmpeg's message for an error code. */
  public static String error(int code) {
    try (BytePointer buf = new BytePointer(256)) {
      avutil.av_strerror(code, buf, buf.capacity());
      byte[] bytes = new byte[(int) buf.capacity()];
      buf.get(bytes);
      int end = 0;
      while (end < bytes.length && bytes[end] != 0) {
        end++; // the buffer is not cleared: read up to the terminating NUL only
      }
      return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim() + " (" + code + ")";
    }
  }

  /**
   * Registers {@code shouldAbort}, polled by FFmpeg during blocking I/O, and points {@code cb} at it.
   * Returns the token to pass to {@link #unregister}; the native opaque memory is owned by the caller
   * through the returned pointer and freed by {@link #unregister}.
   */
  public static LongPointer register(AVIOInterruptCB cb, BooleanSupplier shouldAbort) {
    init();
    long id = tokens.incrementAndGet();
    LongPointer opaque = new LongPointer(1);
    opaque.put(id);
    interruptChecks.put(opaque.address(), shouldAbort);
    cb.callback(interruptCallback);
    cb.opaque(opaque);
    return opaque;
  }

  public static void unregister(LongPointer opaque) {
    interruptChecks.remove(opaque.address());
    opaque.close();
  }

  private static final class InterruptCallback extends AVIOInterruptCB.Callback_Pointer {
    @Override
    public int call(Pointer opaque) {
      BooleanSupplier check = opaque == null ? null : interruptChecks.get(opaque.address());
      return check != null && check.getAsBoolean() ? 1 : 0;
    }
  }

  /**
   * Routes FFmpeg's log to SLF4J, masked, and at most once per 10 s for lines alike but for numbers
   * (a broken stream makes the decoder repeat itself many times a second).
   */
  private static final class MaskingLogCallback extends LogCallback {
    private static final int MAX_PATTERNS = 1000;
    private final Map<String, BurstLog> bursts = new ConcurrentHashMap<>();

    @Override
    public void call(int level, BytePointer msg) {
      String line = Secrets.mask(msg.getString().stripTrailing());
      if (line.isEmpty() || level > AV_LOG_DEBUG) {
        return;
      }
      // a camera's errors are expected events, not VSP's errors: one level down
      Level slf4jLevel = level <= AV_LOG_ERROR ? Level.WARN : level <= AV_LOG_WARNING ? Level.INFO
          : level <= AV_LOG_INFO ? Level.DEBUG : Level.TRACE;
      if (!ffmpegLog.isEnabledForLevel(slf4jLevel)) {
        return;
      }
      if (bursts.size() > MAX_PATTERNS) {
        bursts.clear();
      }
      String pattern = line.replaceAll("0x[0-9a-f]+|\\d+", "#");
      bursts.computeIfAbsent(pattern, p -> new BurstLog(ffmpegLog, 10_000)).log(slf4jLevel, "{}", line);
    }
  }
}
