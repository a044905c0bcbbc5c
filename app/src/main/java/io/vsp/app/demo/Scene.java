package io.vsp.app.demo;

import java.util.List;
import java.util.Objects;

/**
 * What a synthetic camera shows: solid coloured rectangles ({@link SceneObject}) moving over a textured
 * grey background, {@code durationS} long at a constant {@code fps}, with a keyframe exactly every
 * {@code gop} frames. Frame {@code n} shows the scene at {@code n / fps} seconds; {@link #boxAt} is the
 * truth tests compare detections with.
 */
public record Scene(int width, int height, int fps, double durationS, int gop, List<SceneObject> objects) {

  /**
   * SPEC §4's example {@code door} zone: the demo's person walks through it (its box's bottom centre is
   * inside from about 2.2 s to 5.1 s), as does the acceptance scene's person (about 2.7 s to 4.4 s).
   */
  public static final double[][] DOOR_ZONE = {{0.10, 0.20}, {0.40, 0.20}, {0.40, 0.90}, {0.10, 0.90}};

  /**
   * The region of {@link #acceptance()} that a test masks: the blue dog stays inside it (bottom centre
   * at y 0.20, x 0.85..0.89) and no other object's bottom centre ever enters it.
   */
  public static final double[][] ACCEPTANCE_MASK = {{0.70, 0.00}, {1.00, 0.00}, {1.00, 0.30}, {0.70, 0.30}};

  public Scene {
    if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException("frame size must be even and at least 16x16, got " + width + "x" + height);
    }
    if (fps < 1 || fps > 120) {
      throw new IllegalArgumentException("fps must be 1..120, got " + fps);
    }
    if (!(durationS > 0) || Double.isInfinite(durationS) || Math.round(durationS * fps) < 1) {
      throw new IllegalArgumentException("duration must hold at least one frame, got " + durationS + " s");
    }
    if (gop < 1) {
      throw new IllegalArgumentException("gop must be at least 1 frame, got " + gop);
    }
    objects = List.copyOf(Objects.requireNonNull(objects, "objects"));
    verifyOneObjectPerColourAtATime(objects);
  }

  /**
   * About 30 s that loop cleanly (the frame is empty at both ends), 1280x720 at 25 fps, keyframe every
   * second: a red person crossing the {@link #DOOR_ZONE}, a green car, a blue dog and a yellow bicycle,
   * overlapping in time but never in space.
   */
  public static Scene demo() {
    return new Scene(1280, 720, 25, 30, 25, List.of(
        SceneObject.of("red", 1, 11, new double[] {-0.06, 0.35, 0.00, 0.75}, new double[] {1.00, 0.35, 1.06, 0.75}),
        SceneObject.of("green", 4, 16, new double[] {1.00, 0.78, 1.22, 0.96}, new double[] {-0.22, 0.78, 0.00, 0.96}),
        SceneObject.of("blue", 12, 22, new double[] {0.55, 0.40, 0.65, 0.55}, new double[] {0.85, 0.52, 0.95, 0.67}),
        SceneObject.of("yellow", 18, 27, new double[] {-0.12, 0.08, 0.00, 0.28}, new double[] {1.00, 0.08, 1.12, 0.28})));
  }

  /**
   * The sink's acceptance scene: 20 s, 1280x720 at 25 fps, keyframe every 25 frames.
   * <ul>
   *   <li>red person, 2 s to 8 s: enters from the left edge and leaves through the right, fast (0.171 of
   *       the width per second = 1.37 box widths per 0.2 s, so consecutive 5 fps detections never
   *       overlap), crossing the {@link #DOOR_ZONE};</li>
   *   <li>blue dog, 4 s to 6 s: appears and disappears inside {@link #ACCEPTANCE_MASK};</li>
   *   <li>green car, 10 s to 16 s: appears, moves slowly (0.02 of the width per second), disappears.</li>
   * </ul>
   */
  public static Scene acceptance() {
    return new Scene(1280, 720, 25, 20, 25, List.of(
        SceneObject.of("red", 2, 8, new double[] {-0.025, 0.30, 0.000, 0.75}, new double[] {1.000, 0.30, 1.025, 0.75}),
        SceneObject.of("blue", 4, 6, new double[] {0.80, 0.05, 0.90, 0.20}, new double[] {0.84, 0.05, 0.94, 0.20}),
        SceneObject.of("green", 10, 16, new double[] {0.55, 0.55, 0.75, 0.85}, new double[] {0.67, 0.55, 0.87, 0.85})));
  }

  /** Number of frames: {@code round(durationS * fps)}. */
  public int frameCount() {
    return (int) Math.round(durationS * fps);
  }

  /** Time shown by frame {@code n}, in seconds. */
  public double frameTime(int n) {
    return (double) n / fps;
  }

  /**
   * The object's box at {@code tSeconds} clipped to the frame ({@code x1,y1,x2,y2} fractions), or null
   * when it is not visible: outside {@code [enterS, exitS)}, after the end of the scene, or wholly
   * outside the frame.
   */
  public double[] boxAt(SceneObject object, double tSeconds) {
    if (tSeconds < object.enterS() || tSeconds >= object.exitS() || tSeconds < 0 || tSeconds >= durationS) {
      return null;
    }
    double[] box = object.travelBoxAt(tSeconds);
    for (int i = 0; i < 4; i++) {
      box[i] = Math.min(1, Math.max(0, box[i]));
    }
    return box[2] > box[0] && box[3] > box[1] ? box : null;
  }

  /** The palette-coloured model finds one rectangle per colour per frame: two at once would merge. */
  private static void verifyOneObjectPerColourAtATime(List<SceneObject> objects) {
    for (int i = 0; i < objects.size(); i++) {
      for (int j = i + 1; j < objects.size(); j++) {
        SceneObject a = objects.get(i);
        SceneObject b = objects.get(j);
        if (a.rgb() == b.rgb() && a.overlapsInTime(b)) {
          throw new IllegalArgumentException("objects '" + a.label() + "' and '" + b.label() + "' have the same colour "
              + a.colour() + " at the same time: the synthetic model would see one box around both");
        }
      }
    }
  }
}
