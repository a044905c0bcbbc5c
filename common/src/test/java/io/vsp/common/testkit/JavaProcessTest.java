package io.vsp.common.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs: arguments and environment in, output and exit code out, and the two ways to end them. */
class JavaProcessTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void childGetsArgumentsAndEnvironmentAndReportsOutputAndExitCode() {
    try (JavaProcess child = JavaProcess.start(Echo.class.getName(), List.of("a b", "c"),
        Map.of("VSP_TEST_VAR", "hello"), dir.resolve("echo.log"))) {
      assertThat(child.waitFor(TIMEOUT)).isEqualTo(3);
      assertThat(child.output()).isEqualTo("args=[a b, c] env=hello\nto stderr\n");
      assertThat(child.isAlive()).isFalse();
    }
  }

  @Test
  void sigtermRunsShutdownHooksAndExitsWith143() {
    try (JavaProcess child = JavaProcess.start(Sleeper.class.getName(), List.of(), Map.of(), dir.resolve("term.log"))) {
      await().atMost(TIMEOUT).until(() -> child.output().contains("started"));

      child.sigterm();

      assertThat(child.waitFor(TIMEOUT)).isEqualTo(143);
      assertThat(child.output()).isEqualTo("started\nshutdown hook\n");
    }
  }

  @Test
  void sigkillEndsAtOnceWithoutHooksAndExitsWith137() {
    try (JavaProcess child = JavaProcess.start(Sleeper.class.getName(), List.of(), Map.of(), dir.resolve("kill.log"))) {
      await().atMost(TIMEOUT).until(() -> child.output().contains("started"));

      child.sigkill();

      assertThat(child.waitFor(TIMEOUT)).isEqualTo(137);
      assertThat(child.output()).isEqualTo("started\n");
    }
  }

  /** Guards against orphans: a killed test JVM must not leave brokers or workers running. */
  @Test
  void grandchildDiesWhenItsParentJvmIsKilled() {
    List<String> args = List.of(dir.resolve("grandchild.log").toString());
    try (JavaProcess parent = JavaProcess.start(Spawner.class.getName(), args, Map.of(), dir.resolve("spawner.log"))) {
      await().atMost(TIMEOUT).until(() -> parent.output().startsWith("grandchild "));
      long grandchild = Long.parseLong(parent.output().trim().split(" ")[1]);
      assertThat(ProcessHandle.of(grandchild)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

      parent.sigkill();

      await().atMost(TIMEOUT).until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
    }
  }

  /** Prints its arguments and an environment variable, writes to stderr, exits with 3. */
  public static final class Echo {
    public static void main(String[] args) {
      System.out.println("args=" + List.of(args) + " env=" + System.getenv("VSP_TEST_VAR"));
      System.out.flush();
      System.err.println("to stderr");
      System.exit(3);
    }
  }

  /** Says "started" and waits forever; its shutdown hook says so when it runs. */
  public static final class Sleeper {
    public static void main(String[] args) throws InterruptedException {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook")));
      System.out.println("started");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /** Starts a {@link Sleeper} of its own, prints its pid and waits forever. */
  public static final class Spawner {
    public static void main(String[] args) throws InterruptedException {
      JavaProcess child = JavaProcess.start(Sleeper.class.getName(), List.of(), Map.of(), Path.of(args[0]));
      System.out.println("grandchild " + child.pid());
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
