package io.vsp.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.vsp.common.config.Secrets;

/**
 * Last line of defence for credentials: {@code %mask(...)} in the log pattern masks every registered
 * secret and URL userinfo in the rendered message and stack trace, whatever code logged it (Kafka,
 * FFmpeg, ours).
 */
public final class MaskingConverter extends CompositeConverter<ILoggingEvent> {
  @Override
  protected String transform(ILoggingEvent event, String in) {
    return Secrets.mask(in);
  }
}
