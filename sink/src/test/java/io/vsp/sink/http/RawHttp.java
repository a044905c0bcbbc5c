package io.vsp.sink.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends a request target byte for byte: HTTP client libraries normalise {@code ..} and re-encode escapes,
 * which would hide exactly what the traversal tests need to send.
 */
final class RawHttp {
  private RawHttp() {}

  /** The status code of {@code method target} sent as is, with {@code extraHeaders} (CRLF-terminated lines). */
  static int status(int port, String method, String target, String extraHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders
          + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.write(b);
      }
      String statusLine = line.toString(StandardCharsets.ISO_8859_1).strip();
      String[] parts = statusLine.split(" ");
      if (parts.length < 2) {
        throw new IOException("no status line for " + target + ": '" + statusLine + "'");
      }
      return Integer.parseInt(parts[1]);
    }
  }
}
