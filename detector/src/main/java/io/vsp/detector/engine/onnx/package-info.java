/** The ONNX Runtime (CPU) engine. */
package io.vsp.detector.engine.onnx;
