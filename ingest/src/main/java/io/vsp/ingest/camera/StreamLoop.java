package io.vsp.ingest.camera;

import io.vsp.common.config.Secrets;
import io.vsp.common.lifecycle.FaultHook;
import io.vsp.ingest.frames.FrameDecoder;
import io.vsp.ingest.frames.FramePublisher;
import io.vsp.ingest.frames.FrameSampler;
import io.vsp.ingest.video.VideoPublisher;
import io.vsp.common.wire.CameraStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one stream of a camera connected on its own thread: connect, read until it fails or stalls,
 * report offline, wait with backoff, reconnect. One thread per stream, and no lock shared with other
 * cameras, so one camera never stalls another.
 */
final class StreamLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(StreamLoop.class);

  /** Receives this stream's state changes. */
  interface StateListener {
    void streamState(StreamLoop loop, String state, String reason);
  }

  private final CameraContext ctx;
  private final String url;
  private final boolean recordVideo;
  private final boolean feedFrames;
  private final String name;
  private final StateListener listener;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile StreamReader current;
  private boolean sessionOnline; // touched only by this loop's thread
  private Thread thread;

  StreamLoop(CameraContext ctx, String name, String url, boolean recordVideo, boolean feedFrames,
             StateListener listener) {
    this.ctx = ctx;
    this.name = name;
    this.url = url;
    this.recordVideo = recordVideo;
    this.feedFrames = feedFrames;
    this.listener = listener;
  }

  String name() {
    return name;
  }

  void start() {
    thread = ctx.fatal().thread(name + ":" + ctx.camera().id(), this);
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks the loop to end; a blocked FFmpeg call is aborted through its interrupt callback. */
  void requestStop() {
    stopped.countDown();
    StreamReader reader = current;
    if (reader != null) {
      reader.requestStop();
    }
  }

  /** Waits for the thread, which frees its own native memory, to end. */
  boolean join(Duration timeout) throws InterruptedException {
    if (thread == null) {
      return true; // never started (a disabled camera)
    }
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  @Override
  public void run() {
    var watchdog = ctx.ingest().watchdog();
    Backoff backoff = new Backoff(watchdog.backoffMin(), watchdog.backoffMax(),
        () -> ThreadLocalRandom.current().nextDouble());
    String reason = "starting";
    boolean first = true;
    while (stopped.getCount() > 0) {
      FaultHook.throwIfTriggered("camera"); // outside the try: a camera failure is retried, this kills the thread
      if (!first) {
        ctx.metrics().reconnects.labelValues(ctx.metrics().camera(ctx.camera().id())).inc();
      }
      first = false;
      listener.streamState(this, CameraStatus.CONNECTING, reason);
      try (StreamReader reader = new StreamReader(url, ctx.camera().transport().name().toLowerCase(),
          watchdog.noData())) {
        current = reader;
        if (stopped.getCount() == 0) {
          break;
        }
        sessionOnline = false;
        readSession(reader);
        reason = "stream ended";
      } catch (IOException | RuntimeException e) {
        reason = Secrets.mask(String.valueOf(e.getMessage()));
      } finally {
        current = null;
      }
      if (sessionOnline) {
        backoff.reset(); // it worked for a while: the next failure starts again at backoffMin
      }
      if (stopped.getCount() == 0) {
        break;
      }
      Duration delay = backoff.next();
      log.warn("camera {} {} stream offline: {}; reconnecting in {} ms", ctx.camera().id(), name, reason,
          delay.toMillis());
      listener.streamState(this, CameraStatus.OFFLINE, reason);
      try {
        if (stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** One connection, until it ends or fails. */
  private void readSession(StreamReader reader) throws IOException {
    StreamReader.StreamInfo info = reader.open();
    String session = ctx.sessionIds().next();
    CaptureClock clock = new CaptureClock(CaptureClock::systemMicros, reader.isLive());
    String id = ctx.camera().id();
    VideoPublisher video = recordVideo
        ? new VideoPublisher(ctx.videoTopic(), id, session, info.codec(), info.width(), info.height(),
            info.fps(), info.extradata(), clock, ctx.publisher(), ctx.metrics())
        : null;
    FramePublisher frames = null;
    if (feedFrames) {
      var detect = ctx.camera().detect();
      frames = new FramePublisher(ctx.framesTopic(), id, session,
          new FrameDecoder(info.stream(), ctx.decodeThreads()), new FrameSampler(detect.fps()),
          detect.maxWidth(), detect.jpegQuality(), clock, ctx.publisher(), ctx.metrics(), reader.isLive());
    }
    log.info("camera {} {} stream connected: {} {}x{} @ {} fps, session {}", id, name,
        info.codec().wireName(), info.width(), info.height(), String.format("%.2f", info.fps()), session);
    try (CameraSession handler = new CameraSession(id, video, frames, ctx.metrics(), () -> {
      sessionOnline = true;
      listener.streamState(this, CameraStatus.ONLINE, "");
    })) {
      reader.run(handler);
    }
  }
}
