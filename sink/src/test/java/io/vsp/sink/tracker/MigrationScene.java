package io.vsp.sink.tracker;

import io.vsp.common.wire.Detections;

/** The frames behind {@code tracks-v2-lobby.txt}: a person walking right, a car parked from frame 3 to 30. */
final class MigrationScene {
  private MigrationScene() {}

  static Detections frame(int n) {
    double x = 0.05 + 0.01 * n;
    Detections.DetectedBox person = Scene.person(0.8 + 0.01 * (n % 10), x, 0.2, x + 0.1, 0.6);
    if (n >= 3 && n <= 30) {
      return Scene.detections(n, person, Scene.object("car", 0.9, 0.6, 0.6, 0.9, 0.9));
    }
    return Scene.detections(n, person);
  }
}
