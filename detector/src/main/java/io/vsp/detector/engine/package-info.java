/**
 * Inference engines behind one interface: a YOLO-NAS ONNX model's contract, found from its tensors'
 * shapes and types, and the engines that run it.
 *
 * <pre>
 *  detector.model ──► Engines.open(config)
 *                        │ contract: ContractMatcher over the inputs/outputs (engine.contract)
 *                        ├─ onnxruntime ─► OnnxRuntimeEngine (CPU EP, tensor over the batch's direct buffer)
 *                        └─ tensorrt ────► TensorRtEngine (plan from the engine cache or built; 2 contexts)
 *
 *  InputBatch (engine-owned, [B,3,H,W]) ──► infer(batch, used) ──► RawOutput (role order)
 *                                                                      │ views of an output set the engine lends
 *                                                                      ▼ (ONNX Runtime pinned outputs)
 *                                            decoded by the publishing stage ──► close(): set back to the engine
 * </pre>
 */
package io.vsp.detector.engine;
