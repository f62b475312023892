from __future__ import annotations

import struct

from crosslive.events.frames import text_frame


def test_short_payload_has_a_two_byte_header() -> None:
    assert text_frame(b"hi") == b"\x81\x02hi"
    assert text_frame(b"x" * 125)[:2] == b"\x81\x7d"


def test_medium_payload_uses_a_16_bit_length() -> None:
    frame = text_frame(b"x" * 126)
    assert frame[:4] == b"\x81\x7e" + struct.pack("!H", 126)
    assert len(frame) == 4 + 126


def test_large_payload_uses_a_64_bit_length() -> None:
    frame = text_frame(b"y" * 70_000)
    assert frame[:10] == b"\x81\x7f" + struct.pack("!Q", 70_000)
    assert frame[10:] == b"y" * 70_000
