package io.vsp.common.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose next request has not reached the handler within a deadline, counted from the
 * connection's opening or from the end of its previous response. Jetty 12.1 has no such setting: its idle
 * timeout restarts with every byte, so a client trickling one header byte every few seconds (slowloris) would
 * keep its connection, and its slot under the connection cap, for ever. A keep-alive connection left idle
 * between requests is closed after the deadline too, which a browser handles by opening a new one.
 *
 * <p>Installed as both a {@link Connection.Listener} of the connector (to see connections open and close) and
 * the outermost handler (to see requests begin and end). Connections waiting for their deadline are tracked
 * in a map bounded by the connection cap.
 */
final class HeaderDeadline extends Handler.Wrapper implements Connection.Listener {
  private final long deadlineNanos;
  private final Map<Connection, State> states = new ConcurrentHashMap<>();

  HeaderDeadline(Duration deadline) {
    this.deadlineNanos = deadline.toNanos();
  }

  /** Whether one connection is handling a request, and since when it has been waiting for the next one. */
  private static final class State {
    private boolean busy; // guarded by this
    private long waitingSince; // guarded by this; System.nanoTime()

    State(long now) {
      waitingSince = now;
    }

    synchronized void begin() {
      busy = true;
    }

    synchronized void end(long now) {
      busy = false;
      waitingSince = now;
    }

    synchronized boolean expired(long now, long deadlineNanos) {
      return !busy && now - waitingSince >= deadlineNanos;
    }
  }

  @Override
  public void onOpened(Connection connection) {
    State state = new State(System.nanoTime());
    states.put(connection, state);
    schedule(connection);
  }

  @Override
  public void onClosed(Connection connection) {
    states.remove(connection);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connection connection = request.getConnectionMetaData().getConnection();
    State state = states.get(connection);
    if (state == null) {
      return super.handle(request, response, callback);
    }
    state.begin();
    Callback ended = Callback.from(() -> {
      end(connection, state);
      callback.succeeded();
    }, failure -> {
      end(connection, state);
      callback.failed(failure);
    });
    boolean handled;
    try {
      handled = super.handle(request, response, ended);
    } catch (Exception | Error e) {
      end(connection, state);
      throw e;
    }
    if (!handled) {
      end(connection, state); // Jetty answers 404 with the original callback
    }
    return handled;
  }

  private void end(Connection connection, State state) {
    state.end(System.nanoTime());
    schedule(connection);
  }

  /** Checks {@code connection} once its current wait may have passed the deadline. */
  private void schedule(Connection connection) {
    Scheduler scheduler = getServer() != null ? getServer().getScheduler() : null;
    if (scheduler == null) {
      return;
    }
    scheduler.schedule(() -> check(connection), deadlineNanos, TimeUnit.NANOSECONDS);
  }

  private void check(Connection connection) {
    State state = states.get(connection);
    if (state != null && state.expired(System.nanoTime(), deadlineNanos)) {
      connection.getEndPoint().close();
    }
  }
}
