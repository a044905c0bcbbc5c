package io.vsp.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
  @TempDir
  Path dir;

  @Test
  void cocoHasTheEightyNamesInTrainingOrder() {
    Labels coco = Labels.coco();

    assertThat(coco.size()).isEqualTo(80);
    assertThat(coco.name(0)).isEqualTo("person");
    assertThat(coco.name(2)).isEqualTo("car");
    assertThat(coco.name(16)).isEqualTo("dog");
    assertThat(coco.name(62)).isEqualTo("tv");
    assertThat(coco.name(79)).isEqualTo("toothbrush");
  }

  @Test
  void idsWithoutANameReadAsClassNumber() {
    assertThat(Labels.coco().name(80)).isEqualTo("class_80");
    assertThat(Labels.coco().name(-1)).isEqualTo("class_-1");
  }

  @Test
  void fileHasOneNamePerLineTrimmedWithTrailingBlankLinesIgnored() throws IOException {
    Path file = Files.writeString(dir.resolve("labels.txt"), "forklift\r\n  pallet \nhelmet\n\n");

    Labels labels = Labels.fromFile(file);

    assertThat(labels.size()).isEqualTo(3);
    assertThat(labels.name(1)).isEqualTo("pallet");
    assertThat(labels.name(2)).isEqualTo("helmet");
  }

  @Test
  void blankLineInsideTheListIsRefusedBecauseItWouldShiftIds() throws IOException {
    Path file = Files.writeString(dir.resolve("labels.txt"), "a\n\nb\n");

    assertThatThrownBy(() -> Labels.fromFile(file))
        .hasMessage("labels file " + file + " has an empty line 2: every line must name a class");
  }

  @Test
  void settingCocoIsBuiltInAnythingElseIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("names"), "x\n");

    assertThat(Labels.forSetting("coco").size()).isEqualTo(80);
    assertThat(Labels.forSetting(file.toString()).name(0)).isEqualTo("x");
  }
}
