package io.vsp.detector.engine.tensorrt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vsp.detector.engine.contract.ElementType;
import org.junit.jupiter.api.Test;

class TrtTypesTest {
  @Test
  void dataTypeNumbersMapToElementTypes() {
    assertThat(TrtTypes.elementType(0)).isEqualTo(ElementType.FLOAT32);
    assertThat(TrtTypes.elementType(1)).isEqualTo(ElementType.FLOAT16);
    assertThat(TrtTypes.elementType(3)).isEqualTo(ElementType.INT32);
    assertThat(TrtTypes.elementType(5)).isEqualTo(ElementType.UINT8);
    assertThat(TrtTypes.elementType(8)).isEqualTo(ElementType.INT64);
    assertThat(TrtTypes.elementType(6)).isEqualTo(ElementType.OTHER);
  }

  @Test
  void numbersAgreeWithThePresetsEnumWithoutLoadingNatives() {
    // Enum constants of the preset are plain Java: reading them loads no native library.
    for (org.bytedeco.tensorrt.global.nvinfer.DataType type : org.bytedeco.tensorrt.global.nvinfer.DataType.values()) {
      ElementType mapped = TrtTypes.elementType(type.value);
      switch (type.name()) {
        case "kFLOAT" -> assertThat(mapped).isEqualTo(ElementType.FLOAT32);
        case "kHALF" -> assertThat(mapped).isEqualTo(ElementType.FLOAT16);
        case "kINT8" -> assertThat(mapped).isEqualTo(ElementType.INT8);
        case "kINT32" -> assertThat(mapped).isEqualTo(ElementType.INT32);
        case "kBOOL" -> assertThat(mapped).isEqualTo(ElementType.BOOL);
        case "kUINT8" -> assertThat(mapped).isEqualTo(ElementType.UINT8);
        case "kBF16" -> assertThat(mapped).isEqualTo(ElementType.BFLOAT16);
        case "kINT64" -> assertThat(mapped).isEqualTo(ElementType.INT64);
        default -> assertThat(mapped).as(type.name()).isEqualTo(ElementType.OTHER);
      }
    }
  }
}
