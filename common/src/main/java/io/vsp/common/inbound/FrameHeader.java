package io.vsp.common.inbound;

/**
 * What a valid {@code frames} record says of its image (SPEC §5 headers), checked by {@link RecordRules#frame}.
 *
 * @param captureUs capture time, epoch µs ({@code vsp.ts})
 * @param width the JPEG's width, equal to {@code vsp.w}
 * @param height the JPEG's height, equal to {@code vsp.h}
 */
public record FrameHeader(String camera, String session, long seq, long ptsUs, long captureUs, int width,
                          int height) {}
