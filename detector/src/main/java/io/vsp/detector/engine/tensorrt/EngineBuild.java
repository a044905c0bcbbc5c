package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import io.vsp.common.config.DetectorConfig;
import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.contract.ContractMatcher;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.OnnxModelScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvonnxparser.IParser;
import org.bytedeco.tensorrt.nvonnxparser.IParserError;

/**
 * Builds a TensorRT plan from an ONNX model, or finds it in the engine cache (SPEC §8), for
 * {@code vsp engine build} and for the engine at start. TensorRT 11 networks are strongly typed: the
 * precision is the graph's (Q/DQ nodes → INT8, an FP16 graph → FP16), no builder flags.
 */
public final class EngineBuild {
  private EngineBuild() {}

  /**
   * @param plan where the plan is: {@code out}, or the cache file when no {@code out} was given
   * @param fromCache true when no build was needed
   */
  public record Built(Path plan, EngineCacheKey key, ModelContract contract, boolean fromCache) {}

  /**
   * Builds (or finds in {@code detector.tensorrt.engineCache}) the engine for {@code onnx} as exported,
   * batch included, on {@code detector.tensorrt.device}.
   *
   * @param out also copy the plan here; null to leave it in the cache only
   */
  public static Built build(Path onnx, Path out, DetectorConfig config) throws EngineException {
    ModelLayout layout = layoutOf(onnx, config.batch().max());
    TrtNatives.require();
    EngineCache cache = new EngineCache(config.tensorrt().engineCacheDir());
    EngineCacheKey key = key(onnx, layout, Cuda.describe(config.tensorrt().device()));
    boolean cached = Files.isRegularFile(cache.planPath(key));
    try {
      Path plan = cached ? cache.planPath(key)
          : cache.write(key, buildPlan(onnx, layout, config.tensorrt().workspace().bytes()));
      if (out != null) {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, out.getFileName().toString(), ".part");
        Files.copy(plan, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Built(out != null ? out : plan, key, layout.contract(), cached);
    } catch (IOException e) {
      throw new EngineException("cannot write engine for " + onnx + ": " + e.getMessage(), e);
    }
  }

  /** The model's contract, read from the ONNX file itself: checked before any GPU work. */
  static ModelLayout layoutOf(Path onnx, int batchIfOpen) throws EngineException {
    if (!Files.isRegularFile(onnx)) {
      throw new EngineException("model " + onnx + " not found");
    }
    try {
      OnnxModelScan scan = OnnxModelScan.read(onnx);
      return ContractMatcher.match(onnx, scan.inputs(), scan.outputs(), scan.precision(), batchIfOpen);
    } catch (IOException e) {
      throw new EngineException(e.getMessage(), e);
    }
  }

  static EngineCacheKey key(Path onnx, ModelLayout layout, GpuInfo gpu) throws EngineException {
    try {
      return new EngineCacheKey(layout.contract().name(), EngineCacheKey.sha256(onnx), gpu.name(),
          gpu.computeCapability(), EngineCacheKey.tensorRtVersion(getInferLibVersion()), layout.contract().batch());
    } catch (IOException e) {
      throw new EngineException("cannot read model " + onnx + ": " + e.getMessage(), e);
    }
  }

  /** Parses the ONNX file and builds a serialized engine; the natives must be loaded. */
  static byte[] buildPlan(Path onnx, ModelLayout layout, long workspaceBytes) throws EngineException {
    IBuilder builder = null;
    INetworkDefinition network = null;
    IParser parser = null;
    IBuilderConfig config = null;
    IHostMemory plan = null;
    try {
      builder = createInferBuilder(TrtLogger.INSTANCE);
      // 0: strongly typed is the only mode in TensorRT 11 (the kSTRONGLY_TYPED flag is ignored there).
      network = builder.createNetworkV2(0);
      parser = createParser(network, TrtLogger.INSTANCE);
      if (!parser.parseFromFile(onnx.toString(), ILogger.Severity.kWARNING.value)) {
        throw new EngineException("TensorRT cannot parse " + onnx + ": " + parserErrors(parser));
      }
      config = builder.createBuilderConfig();
      config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, workspaceBytes);
      if (layout.input().dim(0) < 0) {
        // An open batch needs an optimization profile; pin it to the contract's batch.
        IOptimizationProfile profile = builder.createOptimizationProfile();
        Dims64 dims = dims(layout.contract().inputShape());
        for (OptProfileSelector selector : OptProfileSelector.values()) {
          profile.setDimensions(layout.input().name(), selector, dims);
        }
        config.addOptimizationProfile(profile);
      }
      plan = builder.buildSerializedNetwork(network, config);
      if (plan == null || plan.isNull() || plan.size() == 0) {
        throw new EngineException("TensorRT could not build an engine for " + onnx + " (see the TensorRT log lines)");
      }
      byte[] bytes = new byte[Math.toIntExact(plan.size())];
      new BytePointer(plan.data()).capacity(plan.size()).get(bytes);
      return bytes;
    } finally {
      deallocate(plan);
      deallocate(config);
      deallocate(parser);
      deallocate(network);
      deallocate(builder);
    }
  }

  static Dims64 dims(long[] shape) {
    Dims64 dims = new Dims64();
    dims.nbDims(shape.length);
    for (int i = 0; i < shape.length; i++) {
      dims.d(i, shape[i]);
    }
    return dims;
  }

  private static String parserErrors(IParser parser) {
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < parser.getNbErrors(); i++) {
      IParserError error = parser.getError(i);
      errors.add(error.desc() + " (node " + error.node() + " " + error.nodeOperator() + ")");
    }
    return errors.isEmpty() ? "no details" : String.join("; ", errors);
  }

  static void deallocate(org.bytedeco.javacpp.Pointer pointer) {
    if (pointer != null && !pointer.isNull()) {
      pointer.deallocate();
    }
  }
}
