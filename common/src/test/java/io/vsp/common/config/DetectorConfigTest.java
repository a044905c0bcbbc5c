package io.vsp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vsp.common.config.DetectorConfig.Engine;
import io.vsp.common.config.DetectorConfig.Preprocess;
import org.junit.jupiter.api.Test;

/** How the detector's threads are split between the engine and preprocessing. */
class DetectorConfigTest {
  @Test
  void onOnnxRuntimePreprocessingGetsTheCoresTheEngineThreadsLeaveAndAtLeastTheBatcher() {
    assertThat(new Preprocess(0).resolve(Engine.ONNXRUNTIME, 8, 8)).as("default: the batcher alone").isEqualTo(1);
    assertThat(new Preprocess(0).resolve(Engine.ONNXRUNTIME, 6, 8)).isEqualTo(2);
    assertThat(new Preprocess(0).resolve(Engine.ONNXRUNTIME, 12, 8)).isEqualTo(1);
  }

  @Test
  void onTensorRtPreprocessingGetsAllCoresButOneUpToEight() {
    assertThat(new Preprocess(0).resolve(Engine.TENSORRT, 2, 2)).isEqualTo(1);
    assertThat(new Preprocess(0).resolve(Engine.TENSORRT, 4, 4)).isEqualTo(3);
    assertThat(new Preprocess(0).resolve(Engine.TENSORRT, 32, 32)).isEqualTo(8);
    assertThat(new Preprocess(0).resolve(Engine.TENSORRT, 1, 1)).isEqualTo(1);
  }

  @Test
  void anExplicitCountIsKept() {
    assertThat(new Preprocess(3).resolve(Engine.ONNXRUNTIME, 8, 8)).isEqualTo(3);
  }

  @Test
  void theDefaultsNeverOversubscribeBeyondTheBatcherOverlappingTheEngine() {
    for (int cores = 1; cores <= 64; cores++) {
      DetectorConfig d = DetectorConfig.DEFAULTS;
      assertThat(d.intraOpThreads(cores) + d.preprocessThreads(cores) - 1).as("%d cores", cores).isEqualTo(cores);
    }
  }

  @Test
  void oneBatchIsInFlightOnOnnxRuntimeAndTwoOnTensorRtUnlessSet() {
    DetectorConfig d = DetectorConfig.DEFAULTS;
    assertThat(d.inflightBatches()).isEqualTo(1);
    assertThat(with(Engine.TENSORRT, 0).inflightBatches()).isEqualTo(2);
    assertThat(with(Engine.ONNXRUNTIME, 3).inflightBatches()).isEqualTo(3);
    assertThatThrownBy(() -> with(Engine.ONNXRUNTIME, 17)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("inflight");
  }

  private static DetectorConfig with(Engine engine, int inflight) {
    DetectorConfig d = DetectorConfig.DEFAULTS;
    return new DetectorConfig(d.metricsPort(), engine, d.model(), d.labels(), d.input(), d.batch(), d.maxFrameAge(),
        d.scoreThreshold(), d.nmsIou(), d.exactlyOnce(), d.tensorrt(), d.threads(), d.preprocess(), inflight);
  }

  @Test
  void aNegativeCountIsRefused() {
    assertThatThrownBy(() -> new Preprocess(-1)).isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("threads");
  }
}
