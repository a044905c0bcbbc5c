package io.vsp.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vsp.detector.synth.Palette;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The truth of a scene ({@link Scene#boxAt}) and the promises the two presets make to their users. */
class SceneTest {

  private static final SceneObject CROSSING = SceneObject.of("red", 2, 8,
      new double[] {-0.1, 0.2, 0.0, 0.6}, new double[] {1.0, 0.2, 1.1, 0.6});
  private static final Scene SCENE = new Scene(640, 360, 25, 10, 25, List.of(CROSSING));

  @Test
  void boxIsNullBeforeEnteringAtAndAfterExitAndAfterTheEnd() {
    assertThat(SCENE.boxAt(CROSSING, 1.99)).isNull();
    assertThat(SCENE.boxAt(CROSSING, 2.0)).as("wholly left of the frame").isNull();
    assertThat(SCENE.boxAt(CROSSING, 8.0)).isNull();
    assertThat(new Scene(640, 360, 25, 5, 25, List.of(CROSSING)).boxAt(CROSSING, 5.0)).isNull();
  }

  @Test
  void boxMovesLinearlyAndIsClippedToTheFrame() {
    assertThat(SCENE.boxAt(CROSSING, 2.3)).containsExactly(new double[] {0.0, 0.2, 0.055, 0.6}, within(1e-9));
    assertThat(SCENE.boxAt(CROSSING, 5.0)).containsExactly(new double[] {0.45, 0.2, 0.55, 0.6}, within(1e-9));
    assertThat(SCENE.boxAt(CROSSING, 7.7)).containsExactly(new double[] {0.945, 0.2, 1.0, 0.6}, within(1e-9));
  }

  @Test
  void objectOfAPaletteColourIsLabelledWithItsCocoLabel() {
    for (Palette.Entry entry : Palette.entries()) {
      SceneObject object = SceneObject.of(entry.name(), 0, 1, new double[] {0, 0, 1, 1}, new double[] {0, 0, 1, 1});
      assertThat(object.label()).isEqualTo(entry.cocoLabel());
      assertThat(object.rgb()).isEqualTo(entry.rgb());
    }
    assertThat(new SceneObject("#ff8000", "orange", 0, 1, new double[] {0, 0, 1, 1}, new double[] {0, 0, 1, 1}).rgb())
        .isEqualTo(0xff8000);
  }

  @Test
  void sceneRefusesTwoObjectsOfOneColourAtOnceBecauseTheModelWouldMergeThem() {
    SceneObject other = SceneObject.of("red", 7, 9, new double[] {0, 0, 0.1, 0.1}, new double[] {0, 0, 0.1, 0.1});

    assertThatThrownBy(() -> new Scene(640, 360, 25, 10, 25, List.of(CROSSING, other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objects 'person' and 'person' have the same colour red at the same time: "
            + "the synthetic model would see one box around both");
  }

  @Test
  void objectRefusesUnknownColoursAndEmptyBoxes() {
    assertThatThrownBy(() -> SceneObject.of("orange", 0, 1, new double[] {0, 0, 1, 1}, new double[] {0, 0, 1, 1}))
        .hasMessage("unknown palette colour 'orange' (red, green, blue, yellow, cyan, magenta)");
    assertThatThrownBy(() -> SceneObject.of("red", 0, 1, new double[] {0.5, 0, 0.5, 1}, new double[] {0, 0, 1, 1}))
        .hasMessage("object 'person': fromBox needs x1 < x2 and y1 < y2, got [0.5, 0.0, 0.5, 1.0]");
    assertThatThrownBy(() -> SceneObject.of("red", 2, 2, new double[] {0, 0, 1, 1}, new double[] {0, 0, 1, 1}))
        .hasMessage("object 'person': need 0 <= enterS < exitS, got 2.0..2.0");
  }

  @Test
  void acceptancePersonEntersLeftMovesAtLeastOneBoxWidthPerFifthOfASecondAndLeavesRight() {
    Scene scene = Scene.acceptance();
    SceneObject person = only(scene, "person");
    assertThat(scene.width()).isEqualTo(1280);
    assertThat(scene.fps()).isEqualTo(25);
    assertThat(scene.gop()).isEqualTo(25);

    double[] early = scene.boxAt(person, 2.04);
    double[] late = scene.boxAt(person, 7.96);
    assertThat(early[0]).as("enters at the left edge").isZero();
    assertThat(late[2]).as("leaves at the right edge").isEqualTo(1.0);
    double width = person.fromBox()[2] - person.fromBox()[0];
    double[] a = scene.boxAt(person, 4.0);
    double[] b = scene.boxAt(person, 4.2);
    assertThat(b[0] - a[0]).isGreaterThanOrEqualTo(width);
    assertThat(insideDoorDuring(scene, person)).isTrue();
  }

  @Test
  void acceptanceDogStaysInsideTheMaskAndNothingElseEntersIt() {
    Scene scene = Scene.acceptance();
    for (SceneObject object : scene.objects()) {
      for (int n = 0; n < scene.frameCount(); n++) {
        double[] box = scene.boxAt(object, scene.frameTime(n));
        if (box != null) {
          boolean masked = inside(Scene.ACCEPTANCE_MASK, (box[0] + box[2]) / 2, box[3]);
          assertThat(masked).as(object.label() + " at frame " + n).isEqualTo(object.label().equals("dog"));
        }
      }
    }
  }

  @Test
  void demoLoopsCleanlyHasOverlappingObjectsOfDifferentColoursAndAPersonThroughTheDoor() {
    Scene scene = Scene.demo();
    assertThat(scene.durationS()).isEqualTo(30);
    assertThat(scene.objects()).hasSizeBetween(3, 4);
    assertThat(scene.objects().stream().map(SceneObject::colour).distinct()).hasSize(scene.objects().size());
    for (SceneObject object : scene.objects()) {
      assertThat(scene.boxAt(object, 0)).as(object.label() + " at the loop point").isNull();
      assertThat(scene.boxAt(object, scene.frameTime(scene.frameCount() - 1))).as(object.label() + " at the end").isNull();
      assertThat(scene.objects().stream().filter(o -> o != object && o.overlapsInTime(object))).isNotEmpty();
    }
    assertThat(insideDoorDuring(scene, only(scene, "person"))).isTrue();
  }

  private static SceneObject only(Scene scene, String label) {
    return scene.objects().stream().filter(o -> o.label().equals(label)).findFirst().orElseThrow();
  }

  private static boolean insideDoorDuring(Scene scene, SceneObject object) {
    for (int n = 0; n < scene.frameCount(); n++) {
      double[] box = scene.boxAt(object, scene.frameTime(n));
      if (box != null && inside(Scene.DOOR_ZONE, (box[0] + box[2]) / 2, box[3])) {
        return true;
      }
    }
    return false;
  }

  /** Point in an axis-aligned rectangle given as a polygon (all the zones here are). */
  private static boolean inside(double[][] polygon, double x, double y) {
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    for (double[] p : polygon) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
      minY = Math.min(minY, p[1]);
      maxY = Math.max(maxY, p[1]);
    }
    return x >= minX && x <= maxX && y >= minY && y <= maxY;
  }
}
