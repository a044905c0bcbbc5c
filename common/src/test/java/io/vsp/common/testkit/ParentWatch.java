package io.vsp.common.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every JVM the test kit spawns: runs the real main class given as first argument,
 * and halts this JVM as soon as its parent (the test JVM) is gone, so a killed build leaves no
 * brokers or workers behind.
 */
public final class ParentWatch {

  /** System property naming the parent's pid, set by {@link TestJvm}. */
  static final String PARENT_PID = "vsp.parent.pid";
  private static final long POLL_MILLIS = 500;

  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: ParentWatch <main class> [args...]");
    }
    // The parent is named on the command line: it may already be gone (and this JVM re-parented to
    // init) by the time this JVM reaches main, when the machine is loaded.
    String parentPid = System.getProperty(PARENT_PID);
    if (parentPid != null) {
      long pid = Long.parseLong(parentPid);
      ProcessHandle.of(pid).ifPresentOrElse(ParentWatch::watch, () -> Runtime.getRuntime().halt(137));
    } else {
      ProcessHandle.current().parent().ifPresent(ParentWatch::watch);
    }
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(ProcessHandle parent) {
    Thread watcher = new Thread(() -> {
      try {
        // A killed parent may linger as a zombie (alive to ProcessHandle) until reaped; being
        // re-parented (to init or a subreaper) tells its death at once.
        while (parent.isAlive() && ProcessHandle.current().parent().map(ProcessHandle::pid)
            .orElse(-1L) == parent.pid()) {
          Thread.sleep(POLL_MILLIS);
        }
        Runtime.getRuntime().halt(137);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
