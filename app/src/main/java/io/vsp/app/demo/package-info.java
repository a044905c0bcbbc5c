/**
 * Building blocks of {@code vsp demo} (SPEC §3) and of the end-to-end tests.
 *
 * <pre>
 * Scene (objects, truth: boxAt) ──► SceneRenderer (YUV 4:2:0) ──► clips' H264Encoder (openh264, MP4) ──► file
 *   file ──► looped at real time through the ingest code (demo) or an RTSP file mount (tests)
 * EmbeddedBroker: the single-node KRaft Kafka the demo's services share, in this JVM
 * </pre>
 *
 * Public: {@link io.vsp.app.demo.Scene}, {@link io.vsp.app.demo.SceneObject},
 * {@link io.vsp.app.demo.SceneVideo#write}, {@link io.vsp.app.demo.EmbeddedBroker}.
 */
package io.vsp.app.demo;
