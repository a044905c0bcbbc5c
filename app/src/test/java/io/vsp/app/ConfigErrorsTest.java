package io.vsp.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad configuration stops {@code vsp} with exit status 2 and a message naming file, key path and problem. */
class ConfigErrorsTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      malformed YAML      | 'kafka: {bootstrap: [x'                                                     | :1: malformed YAML
      unknown key         | 'kafka: {bootstrap: x}\\ncameras:\\n  - {id: a, url: "rtsp://h/s", detect: {fsp: 5}}' | :3: cameras[0].detect.fsp: unknown key
      duplicate camera id | 'kafka: {bootstrap: x}\\ncameras:\\n  - {id: a, url: "rtsp://h/1"}\\n  - {id: a, url: "rtsp://h/2"}' | :4: cameras[1].id: duplicate camera id "a"
      bad id              | 'kafka: {bootstrap: x}\\ncameras:\\n  - {id: Lobby!, url: "rtsp://h/1"}'      | :3: cameras[0].id: must match
      bad URL scheme      | 'kafka: {bootstrap: x}\\ncameras:\\n  - {id: a, url: "ftp://h/1"}'            | :3: cameras[0].url: scheme must be one of
      Kafka read_uncommitted | 'kafka:\n  bootstrap: x\n  properties: {isolation.level: read_uncommitted}' | :3: kafka.properties.isolation.level: must be read_committed (got "read_uncommitted"): VSP's exactly-once processing rests on it; remove the key
      Kafka group.id      | 'kafka:\n  bootstrap: x\n  properties:\n    group.id: mine' | :4: kafka.properties.group.id: is set by VSP
      missing variable    | 'kafka: {bootstrap: x}\\ncameras:\\n  - {id: a, url: "rtsp://h/1", username: u, password: "${VSP_TEST_UNSET_VARIABLE}"}' | :3: cameras[0].password: environment variable VSP_TEST_UNSET_VARIABLE is not set
      """)
  void badConfigurationExitsWithStatusTwoNamingFileAndKeyPath(String what, String yaml, String expected)
      throws IOException {
    Path file = Files.writeString(dir.resolve("vsp.yaml"), yaml.replace("\\n", "\n"));
    for (String command : new String[] {"config check", "ingest"}) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      String[] args = (command + " --config " + file).split(" ");
      int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
      assertThat(status).as("%s: exit status of %s", what, command).isEqualTo(2);
      assertThat(err.toString()).as(what).contains(file + expected).doesNotContain("\tat ").doesNotContain("Exception");
    }
  }

  @Test
  void aSinkOnAPublicAddressWithoutATokenDoesNotStart() throws IOException {
    Path file = Files.writeString(dir.resolve("vsp.yaml"), """
        kafka: {bootstrap: localhost:9092}
        sink:
          http: {bind: 0.0.0.0, port: 8080}
        """);
    for (String command : new String[] {"sink", "config check"}) {
      StringWriter err = new StringWriter();
      String[] args = (command + " --config " + file).split(" ");

      int status = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);

      assertThat(status).as("exit status of %s", command).isEqualTo(2);
      assertThat(err.toString()).contains(file + ":3: sink.http.token: must be set when bind (0.0.0.0) is not a "
          + "loopback address").doesNotContain("\tat ");
    }
  }
}
