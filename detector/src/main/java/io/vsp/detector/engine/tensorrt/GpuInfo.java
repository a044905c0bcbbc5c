package io.vsp.detector.engine.tensorrt;

/**
 * The GPU an engine is built for, as CUDA names it.
 *
 * @param computeCapability {@code major.minor}, e.g. {@code 8.9}
 */
public record GpuInfo(String name, String computeCapability) {}
