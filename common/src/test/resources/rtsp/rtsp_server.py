#!/usr/bin/env python3
"""Test RTSP server: GStreamer's gst-rtsp-server serving generated live streams.

Usage: rtsp_server.py --port P [--user U --password W] MOUNT...
MOUNT is path=codec:WIDTHxHEIGHT@FPS[:gop=N][:pattern=P], e.g. /main=h264:1280x720@25:gop=25 or
/sub=h265:640x360@10. --port 0 lets the system pick a free port. Prints "READY <port>" on stdout once
listening (errors go to stderr, exit status 1). With --user, every mount needs digest authentication.
Exits on SIGTERM, and when its parent process goes away.
Keyframes come exactly every `gop` frames (scene-cut detection off) and carry the parameter sets.
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
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(spec))
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
