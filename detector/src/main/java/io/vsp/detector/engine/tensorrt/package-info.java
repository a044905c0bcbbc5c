/**
 * The TensorRT 11 engine (JavaCPP presets). Classes split by what they may load: {@code TensorRtEngine},
 * {@code EngineBuild}, {@code ExecutionSlot}, {@code Cuda}, {@code TrtLogger} and {@code TrtNatives}
 * call TensorRT/CUDA; {@code EngineCacheKey}, {@code EngineCache}, {@code BindingPlan},
 * {@code EngineTensor}, {@code HostOutputs}, {@code TrtTypes} and {@code GpuInfo} are plain Java, unit
 * tested on machines without a GPU.
 *
 * <pre>
 *  model.onnx ─► contract (file scan) ─► natives? ─► key (sha256, GPU, sm, TRT version, batch)
 *     ─► engine cache hit ? deserialize : parse + buildSerializedNetwork ─► cache
 *     ─► 2 × ExecutionSlot (context + stream + device buffers + pinned outputs) ─► BindingPlan check
 *  infer: pinned input ─H2D─► enqueueV3 ─D2H─► sync ─► RawOutput
 * </pre>
 */
package io.vsp.detector.engine.tensorrt;
