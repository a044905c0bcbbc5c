package io.vsp.sink.http;

import io.vsp.sink.store.Store;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the file name of a request path ({@code /clips/<name>}) into an event id: percent-decoded exactly once
 * (so {@code %252e} stays {@code %2e} and fails), then the suffix removed and the rest checked with
 * {@link Store#validId}. Anything else, traversal included, is not an id.
 */
final class PathIds {
  private PathIds() {}

  /** The event id named by {@code rawName} (still percent-encoded) ending in {@code suffix}; null if none. */
  static String id(String rawName, String suffix) {
    String name = decodeOnce(rawName);
    if (name == null || !name.endsWith(suffix)) {
      return null;
    }
    String id = name.substring(0, name.length() - suffix.length());
    return Store.validId(id) ? id : null;
  }

  /** Strict percent-decoding as UTF-8; null for a malformed escape or bytes that are not UTF-8. */
  static String decodeOnce(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null; // a raw non-ASCII character is not a valid request target
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
