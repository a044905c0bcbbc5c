package io.vsp.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vsp.common.testkit.HalfOpenConnections;
import io.vsp.common.testkit.RawRequests;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The limits every VSP HTTP server gets from {@link HttpServers}, tried with raw sockets. */
class HttpServersTest {
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private HttpServers.Running server;
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void tearDown() {
    trickle.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aSlowlorisConnectionIsClosedAfterTheHeaderDeadline() throws Exception {
    // idle timeout 30 s, header deadline 2 s: a byte every 500 ms keeps the first at bay, never the second
    server = start(HttpServers.Limits.PAGE.withHeaderDeadline(Duration.ofSeconds(2)), ok());
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
      trickle.scheduleWithFixedDelay(() -> {
        try {
          socket.getOutputStream().write('a');
        } catch (IOException e) {
          // closed by the server: what the test waits for
        }
      }, 500, 500, TimeUnit.MILLISECONDS);

      await().atMost(Duration.ofSeconds(20)).until(() -> closedByPeer(socket));
    }
  }

  @Test
  void aResponseTakingLongerThanTheHeaderDeadlineIsNotCut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server = start(HttpServers.Limits.PAGE.withHeaderDeadline(Duration.ofSeconds(1)), new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        release.await(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        HttpServers.send(request, response, callback, 200, "text/plain", bytes("late\n"));
        return true;
      }
    });
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
      socket.setSoTimeout(100);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !closedByPeer(socket));
      release.countDown();
      socket.setSoTimeout((int) GENEROUS.toMillis());
      assertThat(RawRequests.statusOf(socket.getInputStream(), "the late answer")).isEqualTo(200);
    }
  }

  @Test
  void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
    server = start(HttpServers.Limits.PAGE.withConnections(4).withHeaderDeadline(GENEROUS), ok());
    HalfOpenConnections holders = HalfOpenConnections.open(server.port(), 4);
    try (Socket extra = new Socket("127.0.0.1", server.port())) {
      extra.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
      extra.setSoTimeout(1000);
      assertThatThrownBy(() -> extra.getInputStream().read()).as("no answer while the cap is reached")
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(holders.stillOpen()).isEqualTo(4);

      holders.close();

      extra.setSoTimeout((int) GENEROUS.toMillis());
      assertThat(RawRequests.statusOf(extra.getInputStream(), "the extra connection")).isEqualTo(200);
    } finally {
      holders.close();
    }
    assertThat(RawRequests.status(server.port(), "GET", "/", "127.0.0.1", "", GENEROUS)).isEqualTo(200);
  }

  @Test
  void aRequestHeadOverTheSizeLimitIsRefused() throws Exception {
    server = start(HttpServers.Limits.PAGE, ok());
    String big = "X-Big: " + "a".repeat(HttpServers.MAX_REQUEST_HEADER_BYTES) + "\r\n";

    assertThat(RawRequests.status(server.port(), "GET", "/", "127.0.0.1", big, GENEROUS)).isEqualTo(431);
    assertThat(RawRequests.status(server.port(), "GET", "/", "127.0.0.1", "", GENEROUS)).isEqualTo(200);
  }

  private static HttpServers.Running start(HttpServers.Limits limits, Handler handler) throws IOException {
    return HttpServers.start("test-http", "127.0.0.1", 0, limits, handler);
  }

  private static Handler ok() {
    return new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        HttpServers.send(request, response, callback, 200, "text/plain", bytes("ok\n"));
        return true;
      }
    };
  }

  /** True once the server closed (end of stream or reset); waits at most the socket's timeout for data. */
  private static boolean closedByPeer(Socket socket) throws IOException {
    socket.setSoTimeout(100);
    InputStream in = socket.getInputStream();
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: the server closed with bytes of ours unread
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
