package io.vsp.common.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Connections that each send half an HTTP request and never finish it (issue 10's attack on the HTTP
 * servers): the even ones stop after part of the headers, the odd ones add one header byte every second
 * (slowloris), which restarts an idle timeout each time. {@link #stillOpen()} tells how many the server has
 * not closed yet, without blocking.
 */
public final class HalfOpenConnections implements AutoCloseable {
  private static final byte[] HALF_REQUEST =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1);

  private final List<SocketChannel> channels;
  private final ScheduledExecutorService trickle;

  private HalfOpenConnections(List<SocketChannel> channels, ScheduledExecutorService trickle) {
    this.channels = channels;
    this.trickle = trickle;
  }

  /** Opens {@code count} connections to 127.0.0.1:{@code port}, each with half a request sent. */
  public static HalfOpenConnections open(int port, int count) throws IOException {
    List<SocketChannel> channels = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "slowloris");
      t.setDaemon(true);
      return t;
    });
    HalfOpenConnections open = new HalfOpenConnections(channels, trickle);
    try {
      for (int i = 0; i < count; i++) {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.write(ByteBuffer.wrap(HALF_REQUEST));
        channel.configureBlocking(false);
        channels.add(channel);
      }
    } catch (IOException e) {
      open.close();
      throw e;
    }
    trickle.scheduleWithFixedDelay(open::trickle, 1, 1, TimeUnit.SECONDS);
    return open;
  }

  /** How many connections the server has neither closed nor answered. */
  public synchronized int stillOpen() {
    int open = 0;
    for (SocketChannel channel : channels) {
      try {
        if (channel.read(ByteBuffer.allocate(4096)) == 0) {
          open++;
        }
      } catch (IOException e) {
        // reset by the server: closed
      }
    }
    return open;
  }

  private synchronized void trickle() {
    for (int i = 1; i < channels.size(); i += 2) {
      try {
        channels.get(i).write(ByteBuffer.wrap(new byte[] {'a'}));
      } catch (IOException e) {
        // closed by the server: nothing to trickle into
      }
    }
  }

  @Override
  public synchronized void close() {
    trickle.shutdownNow();
    for (SocketChannel channel : channels) {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
