"""A WHIP publisher built on GStreamer's webrtcbin, for the compatibility test.

Runs with Debian's own Python (python3-gi and the GStreamer introspection data), not the
project's virtualenv: `/usr/bin/python3 gst_whip_publisher.py WHIP_URL TOKEN SECONDS`.
It publishes a VP8 test picture and an Opus tone: offer with every candidate in it (no
trickle), POST to the WHIP endpoint, apply the answer, play for SECONDS, DELETE the session.
"""

from __future__ import annotations

import sys
import urllib.parse
import urllib.request

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstSdp", "1.0")
gi.require_version("GstWebRTC", "1.0")
from gi.repository import GLib, Gst, GstSdp, GstWebRTC  # noqa: E402

PIPELINE = (
    "webrtcbin name=send bundle-policy=max-bundle "
    "videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1 "
    "! videoconvert ! queue ! vp8enc deadline=1 keyframe-max-dist=60 ! rtpvp8pay pt=96 "
    "! application/x-rtp,media=video,encoding-name=VP8,payload=96 ! send. "
    "audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! queue ! opusenc "
    "! rtpopuspay pt=111 ! application/x-rtp,media=audio,encoding-name=OPUS,payload=111 ! send."
)


def post_offer(url: str, token: str, sdp: str) -> tuple[str, str]:
    request = urllib.request.Request(
        url,
        data=sdp.encode(),
        method="POST",
        headers={"Content-Type": "application/sdp", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=15) as response:
        if response.status != 201:
            raise RuntimeError(f"WHIP answered {response.status}")
        location = urllib.parse.urljoin(url, response.headers["Location"])
        return response.read().decode(), location


def delete(location: str, token: str) -> None:
    request = urllib.request.Request(
        location, method="DELETE", headers={"Authorization": f"Bearer {token}"}
    )
    urllib.request.urlopen(request, timeout=15).close()


def main(url: str, token: str, seconds: float) -> int:
    Gst.init(None)
    pipeline = Gst.parse_launch(PIPELINE)
    webrtc = pipeline.get_by_name("send")
    loop = GLib.MainLoop()
    session: dict[str, str] = {}

    def publish() -> bool:
        offer = webrtc.get_property("local-description").sdp.as_text()
        answer, session["location"] = post_offer(url, token, offer)
        _, message = GstSdp.SDPMessage.new_from_text(answer)
        answer_type = GstWebRTC.WebRTCSDPType.ANSWER
        description = GstWebRTC.WebRTCSessionDescription.new(answer_type, message)
        webrtc.emit("set-remote-description", description, None)
        print("published:", session["location"], flush=True)
        return False

    def on_gathering(element: Gst.Element, _param: object) -> None:
        complete = GstWebRTC.WebRTCICEGatheringState.COMPLETE
        if element.get_property("ice-gathering-state") == complete:
            GLib.idle_add(publish)

    def on_offer(promise: Gst.Promise) -> None:
        reply = promise.get_reply()  # owns the offer: keep it alive while it is used
        webrtc.emit("set-local-description", reply.get_value("offer"), None)

    def on_negotiation_needed(element: Gst.Element) -> None:
        element.emit("create-offer", None, Gst.Promise.new_with_change_func(on_offer))

    webrtc.connect("on-negotiation-needed", on_negotiation_needed)
    webrtc.connect("notify::ice-gathering-state", on_gathering)
    pipeline.set_state(Gst.State.PLAYING)
    GLib.timeout_add(int(seconds * 1000), loop.quit)
    loop.run()
    if "location" in session:
        delete(session["location"], token)
    pipeline.set_state(Gst.State.NULL)
    return 0 if "location" in session else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
