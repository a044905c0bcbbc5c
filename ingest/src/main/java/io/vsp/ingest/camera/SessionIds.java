package io.vsp.ingest.camera;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Session ids of one camera's connections: the connection time in epoch ms, made strictly increasing so
 * two connections (main and detect stream, or a quick reconnect) never share one.
 */
final class SessionIds {
  private final AtomicLong last = new AtomicLong();

  String next() {
    long now = System.currentTimeMillis();
    return Long.toString(last.updateAndGet(prev -> Math.max(prev + 1, now)));
  }
}
