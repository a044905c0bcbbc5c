package io.vsp.common.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP/1.1 requests written byte for byte on a socket, for what client libraries will not send as is: a
 * chosen {@code Host}, a path with {@code ..} or raw escapes.
 */
public final class RawRequests {
  private RawRequests() {}

  /**
   * The status code of {@code method target} sent with {@code Host: host} and {@code extraHeaders}
   * (CRLF-terminated lines); fails when no status line arrives within {@code timeout}.
   */
  public static int status(int port, String method, String target, String host, String extraHeaders,
                           Duration timeout) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) timeout.toMillis());
      socket.getOutputStream().write((method + " " + target + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return statusOf(socket.getInputStream(), target);
    }
  }

  /** The status code of the response arriving on {@code in}. */
  public static int statusOf(InputStream in, String what) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    String statusLine = line.toString(StandardCharsets.ISO_8859_1).strip();
    String[] parts = statusLine.split(" ");
    if (parts.length < 2) {
      throw new IOException("no status line for " + what + ": '" + statusLine + "'");
    }
    return Integer.parseInt(parts[1]);
  }
}
