#!/usr/bin/env python3
"""Test RTSP server: GStreamer's gst-rtsp-server serving generated streams.

Usage: rtsp_server.py --port P [--user U --password W] MOUNT...
MOUNT is path=codec:WIDTHxHEIGHT@FPS[:gop=N], e.g. /main=h264:1280x720@25:gop=25 or /sub=h265:640x360@10.
Prints "READY <port>" once listening. With --user, every mount needs digest authentication.
"""
import argparse
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

ENCODERS = {
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={kbps} "
            "! video/x-h264,profile=baseline ! rtph264pay name=pay0 pt=96 config-interval=-1",
    "h265": "x265enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={kbps} "
            "! rtph265pay name=pay0 pt=96 config-interval=-1",
}


def launch_line(spec):
    codec, rest = spec.split(":", 1)
    parts = rest.split(":")
    size, fps = parts[0].split("@")
    width, height = size.split("x")
    opts = dict(p.split("=", 1) for p in parts[1:])
    gop = int(opts.get("gop", fps))
    kbps = max(200, int(width) * int(height) * int(fps) // 20000)
    pattern = opts.get("pattern", "ball")
    src = (f"videotestsrc is-live=true pattern={pattern} ! "
           f"video/x-raw,width={width},height={height},framerate={fps}/1,format=I420 ! ")
    return "( " + src + ENCODERS[codec].format(gop=gop, kbps=kbps) + " )"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("mounts", nargs="+")
    args = ap.parse_args()

    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    if args.user:
        auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken()
        token.set_string("media.factory.role", args.user)
        auth.add_digest(args.user, args.password, token)
        auth.set_supported_methods(GstRtspServer.RTSPAuthMethod.DIGEST)
        server.set_auth(auth)
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
        print(f"FAILED to listen on {args.port}", flush=True)
        sys.exit(1)
    print(f"READY {args.port}", flush=True)
    GLib.MainLoop().run()


if __name__ == "__main__":
    main()
