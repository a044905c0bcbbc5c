package io.vsp.detector.synth;

import io.vsp.detector.engine.OutputFormat;

import io.vsp.detector.engine.InputType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spec defaults and validation, and the documented palette's guarantees. */
class SynthSpecTest {

  @Test
  void defaultsAreRawFloat32Batch1At640() {
    assertThat(SynthSpec.of(ModelKind.BENCH))
        .isEqualTo(new SynthSpec(ModelKind.BENCH, OutputFormat.RAW, InputType.FLOAT32, 1, 640));
    assertThat(new SynthSpec(ModelKind.SYNTHETIC, null, null, 0, 0))
        .isEqualTo(SynthSpec.of(ModelKind.SYNTHETIC));
  }

  @Test
  void candidatesMatchYoloNasGridCounts() {
    assertThat(SynthSpec.of(ModelKind.BENCH).candidates()).isEqualTo(8400);
    assertThat(SynthSpec.of(ModelKind.BENCH).withSize(320).candidates()).isEqualTo(2100);
  }

  @Test
  void sizeMustBeAMultipleOf32() {
    assertThatThrownBy(() -> SynthSpec.of(ModelKind.SYNTHETIC).withSize(630))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("size must be a multiple of 32 in 64..4096, got 630");
  }

  @Test
  void batchMustBePositive() {
    assertThatThrownBy(() -> SynthSpec.of(ModelKind.SYNTHETIC).withBatch(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch must be 1..256, got -1");
  }

  @Test
  void kindIsRequired() {
    assertThatThrownBy(() -> new SynthSpec(null, null, null, 0, 0)).isInstanceOf(NullPointerException.class)
        .hasMessage("kind");
  }

  @Test
  void paletteHasSixFarApartColoursWithDistinctClasses() {
    List<Palette.Entry> entries = Palette.entries();
    assertThat(entries).hasSizeGreaterThanOrEqualTo(6);
    Set<Integer> classes = new HashSet<>();
    for (Palette.Entry a : entries) {
      assertThat(classes.add(a.cocoClass())).as(a.name()).isTrue();
      for (Palette.Entry b : entries) {
        if (a != b) {
          assertThat(distance(a.r(), a.g(), a.b(), b.r(), b.g(), b.b())).isGreaterThanOrEqualTo(255);
        }
      }
      // no grey level is within the detection radius (with margin) of a palette colour
      for (int grey = 0; grey <= 255; grey++) {
        assertThat(distance(a.r(), a.g(), a.b(), grey, grey, grey) / 255)
            .isGreaterThan(SyntheticGraph.RADIUS * 1.5);
      }
    }
    assertThat(Palette.forClass(0).name()).isEqualTo("red");
  }

  private static double distance(int r1, int g1, int b1, int r2, int g2, int b2) {
    return Math.sqrt(Math.pow(r1 - r2, 2) + Math.pow(g1 - g2, 2) + Math.pow(b1 - b2, 2));
  }
}
