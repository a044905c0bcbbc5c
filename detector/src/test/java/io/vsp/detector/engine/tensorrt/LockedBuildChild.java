package io.vsp.detector.engine.tensorrt;

import java.nio.file.Path;

/**
 * A second process for {@link BuildLockTest}: obtains {@link BuildLockTest#KEY} from the cache folder in
 * {@code args[0]}, printing {@code WAITING} when it has to wait for the lock, {@code BUILT} if it builds,
 * and {@code RESULT built=<bool>} at the end.
 */
public final class LockedBuildChild {
  private LockedBuildChild() {}

  public static void main(String[] args) throws Exception {
    EngineCache cache = new EngineCache(Path.of(args[0]));
    EngineCache.Obtained obtained = cache.obtain(BuildLockTest.KEY, () -> {
      System.out.println("BUILT");
      return new byte[] {2};
    }, message -> {
      System.out.println("WAITING " + message);
      System.out.flush();
    });
    System.out.println("RESULT built=" + obtained.built());
  }
}
