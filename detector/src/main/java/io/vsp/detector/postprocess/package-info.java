/** Raw model outputs into labelled objects per frame: threshold, class-aware NMS, top-K, frame fractions. */
package io.vsp.detector.postprocess;
