package io.vsp.sink.http;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Streams a stored file as the answer to GET or HEAD, honouring a single {@code Range} (see {@link ByteRange}):
 * 200 with the file, 206 with exactly the asked bytes and {@code Content-Range}, 416 when the range lies past
 * the end. The file is read in {@value #CHUNK}-byte pieces, never whole into memory, and written
 * asynchronously: a browser that stops reading a buffered video holds no server thread, only its connection,
 * which the idle timeout closes if it stays stalled.
 */
final class FileSender {
  private static final int CHUNK = 64 * 1024;
  /** Largest answer to an open range ({@code bytes=a-}); see {@link ByteRange#parse}. */
  static final long MAX_OPEN_RANGE = 8L * 1024 * 1024;

  private FileSender() {}

  static void send(Request request, Response response, Callback callback, Path file, String contentType)
      throws IOException {
    boolean head = request.getMethod().equals("HEAD");
    // opened once: a file replaced or removed meanwhile still answers consistently from this handle
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      var headers = response.getHeaders();
      headers.put(HttpHeader.CONTENT_TYPE, contentType);
      headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
      headers.put(HttpHeader.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
          Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)));
      ByteRange.Answer answer = ByteRange.parse(request.getHeaders().get(HttpHeader.RANGE), size, MAX_OPEN_RANGE);
      if (answer instanceof ByteRange.Unsatisfiable) {
        headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        response.setStatus(416);
        headers.put(HttpHeader.CONTENT_LENGTH, 0);
        channel.close();
        callback.succeeded();
        return;
      }
      long first = 0;
      long length = size;
      response.setStatus(200);
      if (answer instanceof ByteRange.Part part) {
        first = part.range().first();
        length = part.range().length();
        response.setStatus(206);
        headers.put(HttpHeader.CONTENT_RANGE, "bytes " + first + "-" + part.range().last() + "/" + size);
      }
      headers.put(HttpHeader.CONTENT_LENGTH, length);
      if (head || length == 0) {
        channel.close();
        callback.succeeded();
        return;
      }
      ByteBufferPool.Sized buffers = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), false,
          CHUNK);
      Content.copy(Content.Source.from(buffers, channel, first, length), response, Callback.from(() -> {
        close(channel);
        callback.succeeded();
      }, failure -> {
        close(channel);
        callback.failed(failure);
      }));
    } catch (IOException | RuntimeException e) {
      close(channel);
      throw e;
    }
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // read-only handle: nothing was lost
    }
  }
}
