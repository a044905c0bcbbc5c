package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The URLs a camera derives from what the user wrote: with credentials to connect, masked to show. */
class CameraConfigTest {

  @Test
  void connectUrlPercentEncodesAPasswordHoldingUrlSyntax() {
    CameraConfig camera = camera("rtsp://192.0.2.10:554/stream1", null, "admin", "p@ss:w/rd %");

    assertThat(camera.connectUrl()).isEqualTo("rtsp://admin:p%40ss%3Aw%2Frd%20%25@192.0.2.10:554/stream1");
    assertThat(camera.maskedUrl()).isEqualTo("rtsp://***@192.0.2.10:554/stream1");
    assertThat(camera.url()).isEqualTo("rtsp://192.0.2.10:554/stream1"); // what the user wrote stays as written
  }

  @Test
  void detectUrlDefaultsToTheMainUrlAndGetsTheSameCredentials() {
    CameraConfig sameStream = camera("rtsp://192.0.2.10:554/stream1", null, "admin", "pw");
    CameraConfig substream = camera("rtsp://192.0.2.10:554/stream1", "rtsp://192.0.2.10:554/stream2", "admin", "pw");

    assertThat(sameStream.connectDetectUrl()).isEqualTo("rtsp://admin:pw@192.0.2.10:554/stream1");
    assertThat(substream.connectDetectUrl()).isEqualTo("rtsp://admin:pw@192.0.2.10:554/stream2");
    assertThat(substream.maskedDetectUrl()).isEqualTo("rtsp://***@192.0.2.10:554/stream2");
  }

  @Test
  void urlWithoutCredentialsIsUnchanged() {
    CameraConfig camera = CameraConfig.of("lobby", "rtsp://192.0.2.10:554/stream1?channel=1");

    assertThat(camera.connectUrl()).isEqualTo("rtsp://192.0.2.10:554/stream1?channel=1");
    assertThat(camera.maskedUrl()).isEqualTo("rtsp://192.0.2.10:554/stream1?channel=1");
  }

  @Test
  void usernameWithoutPasswordGoesAloneIntoTheUserinfo() {
    assertThat(camera("rtsp://192.0.2.10/a", null, "viewer", null).connectUrl())
        .isEqualTo("rtsp://viewer@192.0.2.10/a");
    assertThat(camera("rtsp://192.0.2.10/a", null, "", "").connectUrl()).isEqualTo("rtsp://192.0.2.10/a");
  }

  @Test
  void credentialsWrittenIntoTheUrlAreMaskedEvenWithAnAtSignInThePassword() {
    CameraConfig camera = CameraConfig.of("lobby", "rtsp://admin:p@ss@192.0.2.10/a");

    assertThat(camera.connectUrl()).isEqualTo("rtsp://admin:p@ss@192.0.2.10/a");
    assertThat(camera.maskedUrl()).isEqualTo("rtsp://***@192.0.2.10/a");
  }

  @Test
  void credentialsInTheUrlAndInUsernameAreAnError() {
    assertThatThrownBy(() -> camera("rtsp://a:b@192.0.2.10/a", "rtsp://c@192.0.2.10/b", "admin", "pw"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("url: holds credentials while username is set: keep them in username/password only; "
            + "detectUrl: holds credentials while username is set: keep them in username/password only");
  }

  @Test
  void passwordWithoutUsernameIsAnError() {
    assertThatThrownBy(() -> camera("rtsp://192.0.2.10/a", null, null, "pw-alone"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("password: needs a username");
  }

  @Test
  void toStringNeverShowsCredentials() {
    CameraConfig camera = camera("rtsp://192.0.2.10/a", null, "admin-user", "to-string-pw");

    assertThat(camera.toString()).startsWith("CameraConfig[id=lobby, url=rtsp://***@192.0.2.10/a, detectUrl=null,"
        + " username=***, password=***, enabled=true")
        .doesNotContain("admin-user", "to-string-pw");
  }

  @Test
  void zonesKeepTheirOrderAndAreImmutable() {
    List<List<Double>> square = List.of(List.of(0.0, 0.0), List.of(1.0, 0.0), List.of(1.0, 1.0));
    Map<String, List<List<Double>>> zones = new LinkedHashMap<>();
    zones.put("z2", square);
    zones.put("a1", square);
    CameraConfig camera = new CameraConfig("lobby", "rtsp://192.0.2.10/a", null, null, null, true, null, null, null,
        0.5, zones, null);

    assertThat(camera.zones().keySet()).containsExactly("z2", "a1");
    assertThatThrownBy(() -> camera.zones().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  private static CameraConfig camera(String url, String detectUrl, String username, String password) {
    return new CameraConfig("lobby", url, detectUrl, username, password, true, CameraConfig.Transport.TCP,
        DetectConfig.DEFAULTS, List.of(), 0.5, Map.of(), List.of());
  }
}
