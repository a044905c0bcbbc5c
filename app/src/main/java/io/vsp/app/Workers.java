package io.vsp.app;

import java.net.InetAddress;

/** Default worker names: host and process id, readable in status records and logs. */
final class Workers {
  private Workers() {}

  static String defaultId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
