/**
 * Recognising a YOLO-NAS export without trusting its names: tensor specs, the ONNX file read straight
 * from its protobuf (inputs, outputs, operators, weight types), and the matcher that turns them into a
 * {@link io.vsp.detector.engine.ModelContract} or a refusal listing what was found.
 */
package io.vsp.detector.engine.contract;
