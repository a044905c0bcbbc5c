package io.vsp.detector.engine.tensorrt;

import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes TensorRT's messages to SLF4J. One instance for the process: TensorRT keeps the pointer, so it
 * must never be collected.
 */
final class TrtLogger extends ILogger {
  static final TrtLogger INSTANCE = new TrtLogger();
  private static final Logger log = LoggerFactory.getLogger("io.vsp.detector.tensorrt");

  private TrtLogger() {}

  @Override
  public void log(Severity severity, String message) {
    switch (severity.intern()) {
      case kINTERNAL_ERROR, kERROR -> log.error("TensorRT: {}", message);
      case kWARNING -> log.warn("TensorRT: {}", message);
      case kINFO -> log.debug("TensorRT: {}", message);
      default -> log.trace("TensorRT: {}", message);
    }
  }
}
