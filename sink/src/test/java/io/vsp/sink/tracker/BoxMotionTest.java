package io.vsp.sink.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoxMotionTest {
  private static final long SECOND = 1_000_000;

  @Test
  void onceSeenBoxIsPredictedWhereItWas() {
    BoxMotion motion = BoxMotion.at(new double[] {0.1, 0.2, 0.3, 0.4}, 0);

    assertThat(motion.hasVelocity()).isFalse();
    assertThat(motion.predict(SECOND)).containsExactly(new double[] {0.1, 0.2, 0.3, 0.4}, within(1e-6));
  }

  @Test
  void secondSightingGivesTheSpeedThatPredictsTheThird() {
    BoxMotion motion = BoxMotion.at(new double[] {0.10, 0.2, 0.20, 0.4}, 0);
    motion.update(new double[] {0.22, 0.2, 0.32, 0.4}, SECOND / 5); // 0.6 a second to the right

    assertThat(motion.hasVelocity()).isTrue();
    assertThat(motion.predict(2 * SECOND / 5)).containsExactly(new double[] {0.34, 0.2, 0.44, 0.4}, within(1e-6));
  }

  @Test
  void aNudgeMovesThePredictionTowardsTheBoxAndKeepsTheSpeed() {
    BoxMotion motion = BoxMotion.at(new double[] {0.10, 0.2, 0.20, 0.4}, 0);
    motion.update(new double[] {0.22, 0.2, 0.32, 0.4}, SECOND / 5); // 0.6 a second to the right, centre 0.27
    // predicted centre at 0.4 s: 0.39; the box says 0.35: 0.39 + 0.7 × (0.35 − 0.39) = 0.362
    motion.nudge(new double[] {0.30, 0.2, 0.40, 0.4}, 2 * SECOND / 5);

    assertThat(motion.ts()).isEqualTo(2 * SECOND / 5);
    assertThat(motion.updates()).as("a nudge is no sighting that gives speed").isEqualTo(2);
    // still 0.6 a second: centre 0.362 + 0.12 at 0.6 s
    assertThat(motion.predict(3 * SECOND / 5)).containsExactly(new double[] {0.432, 0.2, 0.532, 0.4}, within(1e-6));
  }

  @Test
  void aNudgedOnceSeenBoxStillHasNoSpeed() {
    BoxMotion motion = BoxMotion.at(new double[] {0.10, 0.2, 0.20, 0.4}, 0);
    motion.nudge(new double[] {0.20, 0.2, 0.30, 0.4}, SECOND / 5);

    assertThat(motion.hasVelocity()).isFalse();
    assertThat(motion.predict(SECOND)).containsExactly(new double[] {0.17, 0.2, 0.27, 0.4}, within(1e-6));
  }

  @Test
  void lateSightingMovesTheBoxButNotItsSpeedOrTime() {
    BoxMotion motion = BoxMotion.at(new double[] {0.10, 0.2, 0.20, 0.4}, 0);
    motion.update(new double[] {0.20, 0.2, 0.30, 0.4}, SECOND);
    motion.update(new double[] {0.15, 0.2, 0.25, 0.4}, SECOND / 2);

    double[] predicted = motion.predict(2 * SECOND);
    assertThat((predicted[0] + predicted[2]) / 2).isCloseTo(0.215 + 0.1, within(1e-6));
  }

  @Test
  void motionSurvivesTheStoresFloatsExactly() {
    BoxMotion motion = BoxMotion.at(new double[] {0.10, 0.2, 0.20, 0.4}, 0);
    motion.update(new double[] {0.13, 0.21, 0.24, 0.42}, SECOND / 5);
    motion.update(new double[] {0.17, 0.22, 0.27, 0.43}, 2 * SECOND / 5);
    BoxMotion read = BoxMotion.of(motion.numbers(), motion.ts(), motion.updates());

    assertThat(read.predict(SECOND)).containsExactly(motion.predict(SECOND));
    read.update(new double[] {0.2, 0.2, 0.3, 0.4}, SECOND);
    motion.update(new double[] {0.2, 0.2, 0.3, 0.4}, SECOND);
    assertThat(read.predict(2 * SECOND)).containsExactly(motion.predict(2 * SECOND));
  }
}
