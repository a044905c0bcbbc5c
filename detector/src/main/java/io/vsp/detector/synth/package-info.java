/**
 * Generated ONNX models for tests, the demo and benchmarks ({@code vsp model synth}, SPEC §8),
 * written by a small protobuf encoder of our own.
 *
 * <pre>
 * SynthSpec ─► SyntheticGraph | BenchGraph ─► (NmsHead for flat/batch) ─► GraphBuilder ─► OnnxEncoder ─► bytes
 *                                                                          (nodes, initializers)   (ProtoWriter)
 * </pre>
 */
package io.vsp.detector.synth;
