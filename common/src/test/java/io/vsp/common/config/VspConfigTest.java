package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the loaded configuration is used at run time: merged camera sets, and credentials kept out of logs. */
class VspConfigTest {
  @TempDir Path tmp;

  @Test
  void allCamerasPutsInlineFirstAndNeverLetsAFolderCameraReplaceAnInlineOne() {
    CameraConfig lobby = CameraConfig.of("lobby", "rtsp://192.0.2.10/a");
    VspConfig config = VspConfig.defaults().withCameras(List.of(lobby));
    CameraConfig yard = CameraConfig.of("yard", "rtsp://192.0.2.11/a");
    CameraConfig gate = CameraConfig.of("gate", "rtsp://192.0.2.12/a");

    List<CameraConfig> all = config.allCameras(Map.of("yard", yard, "lobby",
        CameraConfig.of("lobby", "rtsp://192.0.2.99/impostor"), "gate", gate));

    assertThat(all).containsExactly(lobby, gate, yard);
  }

  @Test
  void kafkaPropertiesPassVerbatimAndTheirCredentialsAreMasked() throws Exception {
    Path file = Files.writeString(tmp.resolve("vsp.yaml"), """
        kafka:
          bootstrap: broker-1:9093,broker-2:9093
          properties:
            security.protocol: SASL_SSL
            linger.ms: 5
            sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required password="jaas-pw-5";'
        sink:
          http: {token: http-token-5}
        """);

    VspConfig config = ConfigLoader.load(file, Map.of());

    assertThat(config.kafka().properties()).containsExactly(Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("linger.ms", "5"), Map.entry("sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"jaas-pw-5\";"));
    assertThat(config.kafka().toString() + config.sink().http()).doesNotContain("jaas-pw-5", "http-token-5");
    assertThat(Secrets.mask("producer config: sasl.jaas.config = "
        + config.kafka().properties().get("sasl.jaas.config") + ", token http-token-5"))
        .isEqualTo("producer config: sasl.jaas.config = ***, token ***");
  }
}
