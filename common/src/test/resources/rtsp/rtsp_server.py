#!/usr/bin/env python3
"""Test RTSP server: GStreamer's gst-rtsp-server serving generated live streams.

Usage: rtsp_server.py --port P [--user U --password W] MOUNT...
MOUNT is path=codec:WIDTHxHEIGHT@FPS[:gop=N][:pattern=P], e.g. /main=h264:1280x720@25:gop=25 or
/sub=h265:640x360@10, or path=file:/ABS/PATH.mp4[:loop] for the H.264 track of an MP4 file.
--port 0 lets the system pick a free port. Prints "READY <port>" on stdout once listening (errors go
to stderr, exit status 1). With --user, every mount needs digest authentication.
Exits on SIGTERM, and when its parent process goes away.
Generated streams: keyframes come exactly every `gop` frames (scene-cut detection off) and carry the
parameter sets. File streams: the file's access units untouched (its own GOP), parameter sets before
every keyframe, in real time, as a live camera: a client joining later sees the current frame, and with
`:loop` the file starts over with timestamps running on.
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# x264/x265 would add keyframes on scene cuts; tests count on a fixed GOP, so scenecut is off.
ENCODERS = {
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast threads=1 key-int-max={gop} bitrate={kbps} "
            "option-string=scenecut=0 ! video/x-h264,profile=baseline "
            "! rtph264pay name=pay0 pt=96 config-interval=-1",
    "h265": "x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={kbps} "
            "option-string=scenecut=0 ! video/x-h265,profile=main "
            "! rtph265pay name=pay0 pt=96 config-interval=-1",
}
ENCODERS["hevc"] = ENCODERS["h265"]


FILE_PREFIX = "file:"
LOOP_SUFFIX = ":loop"
# appsrc, fed by FileFeeder, is live (not seekable): a second client's PLAY cannot rewind the first one's
FILE_LAUNCH = ("( appsrc name=src is-live=true format=time min-latency=0 ! h264parse config-interval=-1 "
               "! rtph264pay name=pay0 pt=96 config-interval=-1 )")


def launch_line(spec):
    """Turns 'h264:1280x720@25:gop=25' into a gst-launch description for a media factory."""
    codec, rest = spec.split(":", 1)
    if codec not in ENCODERS:
        raise ValueError(f"unknown codec '{codec}' in '{spec}' (h264, h265)")
    parts = rest.split(":")
    size, fps = parts[0].split("@")
    width, height = size.split("x")
    opts = dict(p.split("=", 1) for p in parts[1:])
    unknown = set(opts) - {"gop", "pattern"}
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)} in '{spec}' (gop, pattern)")
    gop = int(opts.get("gop", fps))
    kbps = max(200, int(width) * int(height) * int(fps) // 20000)
    pattern = opts.get("pattern", "ball")
    src = (f"videotestsrc is-live=true pattern={pattern} ! "
           f"video/x-raw,width={width},height={height},framerate={fps}/1,format=I420 ! ")
    return "( " + src + ENCODERS[codec].format(gop=gop, kbps=kbps) + " )"


class AccessUnit:
    """One H.264 access unit of a file (Annex-B, parameter sets before keyframes); times in ns from 0."""

    def __init__(self, buffer, pts, dts, duration):
        self.buffer = buffer
        self.pts = pts
        self.dts = dts
        self.duration = duration


def read_access_units(path):
    """Demuxes the MP4's H.264 track into memory: (caps, [AccessUnit], duration of the whole file in ns)."""
    if not os.path.isabs(path) or not os.path.isfile(path):
        raise ValueError(f"file mount needs an absolute path to an existing file: '{path}'")
    pipeline = Gst.parse_launch(
        "filesrc name=file ! qtdemux ! h264parse config-interval=-1 "
        "! video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false")
    pipeline.get_by_name("file").set_property("location", path)
    sink = pipeline.get_by_name("sink")
    bus = pipeline.get_bus()
    pipeline.set_state(Gst.State.PLAYING)
    caps, units = None, []
    try:
        while True:
            # an error stops the stream without EOS: poll, so a broken file fails instead of hanging
            sample = sink.emit("try-pull-sample", 100 * Gst.MSECOND)
            if sample is not None:
                caps = caps or sample.get_caps()
                buf = sample.get_buffer()
                units.append(AccessUnit(buf, buf.pts, buf.dts, buf.duration))
                continue
            error = bus.pop_filtered(Gst.MessageType.ERROR)
            if error is not None:
                err, debug = error.parse_error()
                raise ValueError(f"cannot read the H.264 track of '{path}': {err.message} ({debug})")
            if sink.get_property("eos"):
                break
    finally:
        pipeline.set_state(Gst.State.NULL)
    if not units:
        raise ValueError(f"no H.264 access units in '{path}'")
    first = units[0].pts
    for unit in units:
        unit.pts -= first
        unit.dts = unit.dts - first if unit.dts != Gst.CLOCK_TIME_NONE else Gst.CLOCK_TIME_NONE
    last = units[-1]
    step = last.duration if last.duration != Gst.CLOCK_TIME_NONE else last.pts // max(1, len(units) - 1)
    return caps, units, last.pts + step


class FileFeeder:
    """Pushes a file's access units into one media's appsrc, from the start, looping if asked: loop n
    shifts every timestamp by n file durations, so the stream's timestamps never go back."""

    def __init__(self, appsrc, caps, units, duration, loop):
        self.appsrc = appsrc
        self.units = units
        self.duration = duration
        self.loop = loop
        self.index = 0
        self.offset = 0
        appsrc.set_property("caps", caps)
        appsrc.connect("need-data", self.on_need_data)

    def on_need_data(self, appsrc, _length):
        # a few frames per call; appsrc asks again while its queue is below its limit
        for _ in range(8):
            if self.index == len(self.units):
                if not self.loop:
                    appsrc.emit("end-of-stream")
                    return
                self.index = 0
                self.offset += self.duration
            unit = self.units[self.index]
            self.index += 1
            buf = unit.buffer.copy()  # shares the memory; the timestamps are this copy's own
            buf.pts = unit.pts + self.offset
            buf.dts = unit.dts + self.offset if unit.dts != Gst.CLOCK_TIME_NONE else Gst.CLOCK_TIME_NONE
            buf.duration = unit.duration
            if appsrc.emit("push-buffer", buf) != Gst.FlowReturn.OK:
                return


def file_factory(spec):
    """A media factory for 'file:/abs/path.mp4[:loop]'; the file is read once, at server start."""
    path = spec[len(FILE_PREFIX):]
    loop = path.endswith(LOOP_SUFFIX)
    if loop:
        path = path[:-len(LOOP_SUFFIX)]
    caps, units, duration = read_access_units(path)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(FILE_LAUNCH)

    def configure(_factory, media):
        FileFeeder(media.get_element().get_by_name("src"), caps, units, duration, loop)

    factory.connect("media-configure", configure)
    return factory


def media_factory(spec):
    if spec.startswith(FILE_PREFIX):
        return file_factory(spec)
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_launch(launch_line(spec))
    return factory


def digest_auth(user, password):
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", user)
    auth.add_digest(user, password, token)
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    return auth


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user")
    ap.add_argument("--password", default="")
    ap.add_argument("mounts", nargs="+")
    args = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    if args.user:
        server.set_auth(digest_auth(args.user, args.password))
    for mount in args.mounts:
        path, spec = mount.split("=", 1)
        factory = media_factory(spec)
        factory.set_shared(True)
        if args.user:
            perms = GstRtspServer.RTSPPermissions()
            perms.add_permission_for_role(args.user, "media.factory.access", True)
            perms.add_permission_for_role(args.user, "media.factory.construct", True)
            factory.set_permissions(perms)
        mounts.add_factory(path, factory)
    if server.attach(None) == 0:
        print(f"FAILED to listen on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
        sys.exit(1)

    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    # exit with the process that started us (a killed test JVM must not leave servers behind)
    parent = os.getppid()
    GLib.timeout_add_seconds(1, lambda: os.getppid() == parent or loop.quit())
    print(f"READY {server.get_bound_port()}", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
