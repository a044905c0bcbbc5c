package io.vsp.common.inbound;

/**
 * What a valid {@code video} record says of its access unit (SPEC §5 headers), checked by {@link RecordRules#video}.
 *
 * @param tsUs capture time, epoch µs ({@code vsp.ts})
 * @param codec {@code h264} or {@code hevc}
 */
public record VideoHeader(String camera, String session, long ptsUs, long dtsUs, long tsUs, boolean key,
                          String codec, int width, int height) {}
