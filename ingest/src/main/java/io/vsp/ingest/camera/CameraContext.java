package io.vsp.ingest.camera;

import io.vsp.common.config.CameraConfig;
import io.vsp.common.config.IngestConfig;
import io.vsp.common.lifecycle.FatalPath;
import io.vsp.ingest.publish.IngestMetrics;
import io.vsp.ingest.publish.MediaPublisher;

/**
 * What a camera's stream loops share: its config and the service's publisher, metrics, topics and fatal path
 * (where an unexpected death of their threads goes).
 */
record CameraContext(CameraConfig camera, IngestConfig ingest, MediaPublisher publisher,
                     IngestMetrics metrics, String videoTopic, String framesTopic, SessionIds sessionIds,
                     int decodeThreads, FatalPath fatal) {}
