package io.vsp.sink.clips;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes a file so readers see the old one or the whole new one, never part: a hidden temp file next to
 * the target (same file system, so the rename is atomic), fsync, rename over the target, fsync the folder.
 * A failed write deletes its temp file.
 */
final class AtomicFile {
  /** Fills the temp file and returns what the caller wants to know about it. */
  interface Content<T> {
    T writeTo(Path temp) throws IOException;
  }

  /** The committed file's size and SHA-256 (hex), and what {@link Content} returned. */
  record Written<T>(T content, long bytes, String sha256) {}

  private AtomicFile() {}

  static <T> Written<T> write(Path target, Content<T> content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    boolean committed = false;
    try {
      T value = content.writeTo(temp);
      Written<T> written;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        channel.force(true);
        written = digest(channel, value);
      }
      Files.move(temp, target.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
      committed = true;
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        folder.force(true); // the rename itself is durable only once the folder is
      }
      return written;
    } finally {
      if (!committed) {
        Files.deleteIfExists(temp);
      }
    }
  }

  private static <T> Written<T> digest(FileChannel channel, T value) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long bytes = 0;
    channel.position(0);
    while (channel.read(buf) >= 0) {
      buf.flip();
      bytes += buf.remaining();
      sha.update(buf);
      buf.clear();
    }
    return new Written<>(value, bytes, HexFormat.of().formatHex(sha.digest()));
  }
}
