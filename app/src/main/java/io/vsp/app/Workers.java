package io.vsp.app;

import java.net.InetAddress;

/** Default worker names: host and process id, readable in status records and logs. */
final class Workers {
  private Workers() {}

  static String defaultId() {
    return hostName() + "-" + ProcessHandle.current().pid();
  }

  /** The host name: stable across restarts (a Kubernetes StatefulSet pod keeps its name). */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
