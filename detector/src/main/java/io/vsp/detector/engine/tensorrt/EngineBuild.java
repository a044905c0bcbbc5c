package io.vsp.detector.engine.tensorrt;

import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibBuildVersion;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import io.vsp.detector.engine.EngineException;
import io.vsp.detector.engine.ModelContract;
import io.vsp.detector.engine.contract.ContractMatcher;
import io.vsp.detector.engine.contract.ModelLayout;
import io.vsp.detector.engine.contract.OnnxModelScan;
import io.vsp.detector.engine.contract.PluginExports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
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
 * {@code vsp engine build} — which the detector runs as a child process on a cache miss, so the
 * builder's memory goes back to the OS when it exits. TensorRT 11 networks are strongly typed: the
 * precision is the graph's (Q/DQ nodes → INT8, an FP16 graph → FP16), no builder flags.
 *
 * <p>The 1.5.14 presets give the builder, network, parser, config and plan no deallocator
 * (javacpp-presets issue 1699) and TensorRT 10+ has no {@code destroy()}: {@link #release} is a no-op
 * until the presets fix it, which is why the build runs in a process of its own.
 */
public final class EngineBuild {
  private EngineBuild() {}

  /**
   * @param plan where the plan is: {@code out}, or the cache file when no {@code out} was given
   * @param fromCache true when no build was needed
   */
  public record Built(Path plan, EngineCacheKey key, ModelContract contract, boolean fromCache) {}

  /**
   * Builds (or finds in the cache) the engine for {@code onnx} as exported, batch included, under the
   * cache entry's build lock, so concurrent builders of one engine build it once.
   *
   * @param out also copy the plan here; null to leave it in the cache only
   * @param waiting told when another thread or process is building the same engine
   */
  public static Built build(Path onnx, Path out, BuildRequest request, Consumer<String> waiting)
      throws EngineException {
    ModelLayout layout = layoutOf(onnx, request.batchIfOpen());
    TrtNatives.require();
    ProfilePlan profiles = ProfilePlan.of(layout, request.slots());
    EngineCacheKey key = key(onnx, layout, Cuda.describe(request.device()),
        BuildRecipe.of(request.workspaceBytes(), profiles));
    EngineCache cache = new EngineCache(request.cacheDir());
    try {
      EngineCache.Obtained obtained = cache.obtain(key, () -> buildPlan(onnx, key.recipe(), profiles), waiting);
      if (out != null) {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, out.getFileName().toString(), ".part");
        Files.copy(obtained.plan(), temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Built(out != null ? out : obtained.plan(), key, layout.contract(), !obtained.built());
    } catch (IOException e) {
      throw new EngineException("cannot write engine for " + onnx + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model's contract as TensorRT runs it, read from the ONNX file itself before any GPU work:
   * shapes and types, then its plugin nodes ({@code EfficientNMS_TRT} outputs read in the plugin's order).
   */
  static ModelLayout layoutOf(Path onnx, int batchIfOpen) throws EngineException {
    if (!Files.isRegularFile(onnx)) {
      throw new EngineException("model " + onnx + " not found");
    }
    try {
      OnnxModelScan scan = OnnxModelScan.read(onnx);
      ModelLayout layout = ContractMatcher.match(onnx, scan.inputs(), scan.outputs(), scan.precision(), batchIfOpen);
      return PluginExports.forTensorRt(onnx, layout, scan.plugins());
    } catch (IOException e) {
      throw new EngineException(e.getMessage(), e);
    }
  }

  /** The cache key; the natives must be loaded (it asks TensorRT for its version and build). */
  static EngineCacheKey key(Path onnx, ModelLayout layout, GpuInfo gpu, BuildRecipe recipe) throws EngineException {
    try {
      return new EngineCacheKey(layout.contract().name(), EngineCacheKey.sha256(onnx), gpu.name(),
          gpu.computeCapability(), EngineCacheKey.tensorRtVersion(getInferLibVersion()), getInferLibBuildVersion(),
          layout.contract().batch(), recipe);
    } catch (IOException e) {
      throw new EngineException("cannot read model " + onnx + ": " + e.getMessage(), e);
    }
  }

  /** Parses the ONNX file and builds a serialized engine as {@code recipe} says; the natives must be loaded. */
  static byte[] buildPlan(Path onnx, BuildRecipe recipe, ProfilePlan profiles) throws EngineException {
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
      config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, recipe.workspaceBytes());
      config.setBuilderOptimizationLevel(recipe.optimizationLevel());
      addProfiles(builder, config, profiles);
      plan = builder.buildSerializedNetwork(network, config);
      if (plan == null || plan.isNull() || plan.size() == 0) {
        throw new EngineException("TensorRT could not build an engine for " + onnx + " (see the TensorRT log lines)");
      }
      byte[] bytes = new byte[Math.toIntExact(plan.size())];
      new BytePointer(plan.data()).capacity(plan.size()).get(bytes);
      return bytes;
    } finally {
      release(plan);
      release(config);
      release(parser);
      release(network);
      release(builder);
    }
  }

  /** One profile per execution slot, each pinned to the contract's input shape (the builder owns them). */
  private static void addProfiles(IBuilder builder, IBuilderConfig config, ProfilePlan profiles)
      throws EngineException {
    for (int i = 0; i < profiles.profiles(); i++) {
      IOptimizationProfile profile = builder.createOptimizationProfile();
      Dims64 dims = dims(profiles.inputShape());
      for (OptProfileSelector selector : OptProfileSelector.values()) {
        if (!profile.setDimensions(profiles.inputName(), selector, dims)) {
          throw new EngineException("TensorRT refused profile shape " + profiles.inputName() + " "
              + java.util.Arrays.toString(profiles.inputShape()));
        }
      }
      int index = config.addOptimizationProfile(profile);
      if (index != i) {
        throw new EngineException("TensorRT gave optimization profile " + i + " the index " + index);
      }
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

  /**
   * Frees a TensorRT object through JavaCPP; effective only once the presets give TensorRT's objects a
   * deallocator (issue 1699), harmless before.
   */
  static void release(Pointer pointer) {
    if (pointer != null && !pointer.isNull()) {
      pointer.deallocate();
    }
  }
}
