package io.vsp.common.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds command lines that start another JVM on this test JVM's classpath. Children start through
 * {@link ParentWatch}, so they die with the test JVM even when it is killed without running its hooks.
 */
final class TestJvm {

  private TestJvm() {}

  /**
   * The test classpath. Surefire and failsafe may launch the test JVM from a manifest-only jar, so
   * {@code java.class.path} can hold just that jar; they publish the real one as {@code surefire.test.class.path}.
   */
  static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java <jvmArgs> -cp <classpath> ParentWatch <mainClass> <args>}. */
  static List<String> command(List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmArgs);
    command.add("-D" + ParentWatch.PARENT_PID + "=" + ProcessHandle.current().pid());
    command.add("-cp");
    command.add(classpath());
    command.add(ParentWatch.class.getName());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** Same as {@link #command} without the parent watch, for short-lived tools. */
  static List<String> plainCommand(List<String> jvmArgs, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmArgs);
    command.add("-D" + ParentWatch.PARENT_PID + "=" + ProcessHandle.current().pid());
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }
}
