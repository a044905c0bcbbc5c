/**
 * The TensorRT 11 engine (JavaCPP presets). Classes split by what they may load: {@code TensorRtEngine},
 * {@code EngineBuild}, {@code ExecutionSlot}, {@code Cuda}, {@code GpuProbe}, {@code TrtLogger} and
 * {@code TrtNatives} call TensorRT/CUDA; {@code EngineCacheKey}, {@code BuildRecipe}, {@code EngineCache},
 * {@code BuildLock}, {@code ProfilePlan}, {@code BuildRequest}, {@code EngineBuildProcess},
 * {@code BindingPlan}, {@code EngineTensor}, {@code HostOutputs}, {@code TrtTypes} and {@code GpuInfo} are
 * plain Java, unit tested on machines without a GPU.
 *
 * <pre>
 *  model.onnx ─► contract (file scan, plugin nodes) ─► natives + plugins ─► key (sha256, GPU, sm, TRT version
 *     and build, batch, recipe: workspace, opt level, profiles, recipe version)
 *     ─► cache hit ? deserialize : child `vsp engine build` (lock file ─► parse + buildSerializedNetwork ─► cache)
 *     ─► inflight × ExecutionSlot (context + non-blocking stream [+ its own profile] + device buffers
 *        + pinned outputs) ─► BindingPlan check
 *  infer: pinned input ─H2D─► enqueueV3 ─D2H─► sync ─► RawOutput
 * </pre>
 */
package io.vsp.detector.engine.tensorrt;
