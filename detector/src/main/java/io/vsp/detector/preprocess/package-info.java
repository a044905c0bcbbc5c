/** JPEG frames into model input slots (YOLO-NAS letterbox, RGB planes), and the letterbox to map boxes back. */
package io.vsp.detector.preprocess;
