package io.vsp.ingest.camera;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.IngestConfig;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.common.wire.CameraStatus;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one camera while this worker reads it: its stream loops (the main stream, and the detect
 * substream when {@code detectUrl} is set) and its state, reported on every change.
 */
public final class CameraSupervisor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraSupervisor.class);

  /** Receives the camera's state changes (and is asked for heartbeats by the service). */
  public interface StatusListener {
    void cameraState(String camera, String state, String reason);
  }

  private final CameraConfig camera;
  private final IngestMetrics metrics;
  private final StatusListener listener;
  private final List<StreamLoop> loops = new ArrayList<>();
  private final Map<StreamLoop, String[]> streamStates = new LinkedHashMap<>(); // guarded by this
  private String state = CameraStatus.CONNECTING; // guarded by this
  private String reason = "";                     // guarded by this
  private boolean closed;                         // guarded by this

  public CameraSupervisor(CameraConfig camera, IngestConfig ingest, MediaPublisher publisher,
                          IngestMetrics metrics, String videoTopic, String framesTopic, int decodeThreads,
                          StatusListener listener, FatalPath fatal) {
    this.camera = camera;
    this.metrics = metrics;
    this.listener = listener;
    CameraContext ctx = new CameraContext(camera, ingest, publisher, metrics, videoTopic, framesTopic,
        new SessionIds(), decodeThreads, fatal);
    if (camera.detectUrl() == null) {
      loops.add(new StreamLoop(ctx, "capture", camera.connectUrl(), ingest.video(), true, this::onStream));
    } else {
      if (ingest.video()) {
        loops.add(new StreamLoop(ctx, "capture", camera.connectUrl(), true, false, this::onStream));
      }
      loops.add(new StreamLoop(ctx, "detect", camera.connectDetectUrl(), false, true, this::onStream));
    }
  }

  public CameraConfig camera() {
    return camera;
  }

  public void start() {
    metrics.cameraKnown(camera.id());
    if (!camera.enabled()) {
      publish(CameraStatus.DISABLED, "disabled in configuration");
      return;
    }
    log.info("camera {}: starting ({})", camera.id(), camera.maskedUrl());
    for (StreamLoop loop : loops) {
      loop.start();
    }
  }

  /** The current state and reason, for heartbeats. */
  public synchronized String[] currentState() {
    return new String[] {state, reason};
  }

  /** Asks the streams to stop without waiting; {@link #close} then waits. */
  public void requestStop() {
    loops.forEach(StreamLoop::requestStop);
  }

  /** Stops the streams; returns within about {@code timeout} even if a native call hangs. */
  public void close(Duration timeout) {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    loops.forEach(StreamLoop::requestStop);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (StreamLoop loop : loops) {
      try {
        if (!loop.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          log.warn("camera {}: {} stream did not stop within {}", camera.id(), loop.name(), timeout);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    metrics.up.labelValues(metrics.camera(camera.id())).set(0);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  // The listener runs under this lock so that state changes reach it in order; it must not block.
  private synchronized void onStream(StreamLoop loop, String streamState, String streamReason) {
    String newState;
    String newReason;
    {
      if (closed) {
        return;
      }
      streamStates.put(loop, new String[] {streamState, streamReason});
      newState = CameraStatus.ONLINE;
      newReason = "";
      for (StreamLoop l : loops) {
        String[] s = streamStates.getOrDefault(l, new String[] {CameraStatus.CONNECTING, "starting"});
        String prefix = loops.size() > 1 ? l.name() + " stream: " : "";
        if (s[0].equals(CameraStatus.OFFLINE)) {
          newState = CameraStatus.OFFLINE;
          newReason = prefix + s[1];
          break;
        }
        if (s[0].equals(CameraStatus.CONNECTING) && newState.equals(CameraStatus.ONLINE)) {
          newState = CameraStatus.CONNECTING;
          newReason = prefix + s[1];
        }
      }
      if (newState.equals(state) && newReason.equals(reason)) {
        return;
      }
    }
    publish(newState, newReason);
  }

  private synchronized void publish(String newState, String newReason) {
    state = newState;
    reason = newReason;
    metrics.up.labelValues(metrics.camera(camera.id())).set(CameraStatus.ONLINE.equals(newState) ? 1 : 0);
    listener.cameraState(camera.id(), newState, newReason);
  }
}
