package io.vsp.sink.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Streams a stored file as the answer to GET or HEAD, honouring a single {@code Range} (see {@link ByteRange}):
 * 200 with the file, 206 with exactly the asked bytes and {@code Content-Range}, 416 when the range lies past
 * the end. The file is read in {@value #CHUNK}-byte pieces, never whole into memory.
 */
final class FileSender {
  private static final int CHUNK = 64 * 1024;
  /** Largest answer to an open range ({@code bytes=a-}); see {@link ByteRange#parse}. */
  static final long MAX_OPEN_RANGE = 8L * 1024 * 1024;

  private FileSender() {}

  static void send(HttpExchange ex, Path file, String contentType) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    // opened once: a file replaced or removed meanwhile still answers consistently from this handle
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      var headers = ex.getResponseHeaders();
      headers.set("Content-Type", contentType);
      headers.set("Accept-Ranges", "bytes");
      headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
          java.nio.file.Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)));
      ByteRange.Answer answer = ByteRange.parse(ex.getRequestHeaders().getFirst("Range"), size, MAX_OPEN_RANGE);
      if (answer instanceof ByteRange.Unsatisfiable) {
        headers.set("Content-Range", "bytes */" + size);
        ex.sendResponseHeaders(416, -1);
        return;
      }
      long first = 0;
      long length = size;
      int status = 200;
      if (answer instanceof ByteRange.Part part) {
        first = part.range().first();
        length = part.range().length();
        status = 206;
        headers.set("Content-Range", "bytes " + first + "-" + part.range().last() + "/" + size);
      }
      if (head) {
        headers.set("Content-Length", Long.toString(length));
        ex.sendResponseHeaders(status, -1);
        return;
      }
      // length 0 means "chunked" to HttpServer: an empty file is sent as an explicit empty body instead
      ex.sendResponseHeaders(status, length == 0 ? -1 : length);
      if (length > 0) {
        copy(channel, first, length, ex.getResponseBody());
      }
    }
  }

  private static void copy(FileChannel channel, long first, long length, OutputStream out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    long position = first;
    long end = first + length;
    try (out) {
      while (position < end) {
        buffer.clear().limit((int) Math.min(CHUNK, end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException("file shrank while it was sent");
        }
        out.write(buffer.array(), 0, n);
        position += n;
      }
    }
  }
}
