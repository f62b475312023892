"""Where an RTP publisher (the RTMP ingest) sends: the SSRCs and payload types Janus's
VideoRoom expects of a remote publisher, and the address it opened for one."""

from __future__ import annotations

from dataclasses import dataclass

# Janus tells a remote publisher's streams apart by SSRC: 1000 + 10 x m-line index + layer.
RTP_SSRC_BASE = 1000
RTP_AUDIO_MINDEX, RTP_VIDEO_MINDEX = 0, 1
RTP_AUDIO_PT = 111
RTP_VIDEO_PT = 96
RTP_LAYERS = 3
RTP_STREAMS = [
    {"type": "audio", "mindex": RTP_AUDIO_MINDEX, "mid": "0", "codec": "opus"},
    {"type": "video", "mindex": RTP_VIDEO_MINDEX, "mid": "1", "codec": "vp8", "simulcast": True},
]


@dataclass(frozen=True)
class RtpPublisher:
    """An RTP publisher Janus opened, and how to send to it: audio on SSRC `audio_ssrc`,
    simulcast video layer n (lowest first) on `video_ssrcs[n]`, to `host`:`port`; RTCP
    (keyframe requests) comes back from `rtcp_port`. Plain RTP, so the port is on 127.0.0.1
    only: Janus 1.1.2's VideoRoom cannot decrypt a remote publisher's SRTP (its plugin does
    not even link srtp_unprotect) and relays the ciphertext, which no browser decodes."""

    resource_id: str
    host: str
    port: int
    rtcp_port: int
    audio_ssrc: int = RTP_SSRC_BASE + 10 * RTP_AUDIO_MINDEX
    video_ssrcs: tuple[int, ...] = tuple(
        RTP_SSRC_BASE + 10 * RTP_VIDEO_MINDEX + layer for layer in range(RTP_LAYERS)
    )
    audio_pt: int = RTP_AUDIO_PT
    video_pt: int = RTP_VIDEO_PT
