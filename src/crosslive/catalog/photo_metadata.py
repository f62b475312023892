"""Photo metadata removed before a photo is stored: EXIF (where it was taken, the camera's
serial number, the time), XMP, IPTC, comments and text chunks, and the extra pictures some
phones append (each with its own EXIF). Removed from the file's structure, not by decoding
and encoding again, so the picture itself stays byte for byte as uploaded. What a browser
needs to show it right stays: the colour profile and, where the photo is turned, the
orientation (kept in a new EXIF block of its own)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, UnidentifiedImageError

from crosslive.errors import InvalidInput

ORIENTATION = 0x0112
EXIF_HEADER = b"Exif\x00\x00"
BROKEN = "the file is not a JPEG, PNG or WebP image"


def without_metadata(data: bytes, media_type: str) -> bytes:
    """DATA (a JPEG, PNG or WebP) without its metadata; other types are returned as they are.
    InvalidInput if the file's structure cannot be read."""
    strip = {"image/jpeg": _jpeg, "image/png": _png, "image/webp": _webp}.get(media_type)
    if strip is None:
        return data
    try:
        return strip(data, _orientation_exif(data))
    except (IndexError, ValueError, struct.error):
        raise InvalidInput(BROKEN) from None


def _orientation_exif(data: bytes) -> bytes:
    """A TIFF-structured EXIF block holding only the photo's orientation, when it is turned
    (empty when it is upright or says nothing)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            orientation = image.getexif().get(ORIENTATION, 1)
    except (UnidentifiedImageError, OSError, SyntaxError):
        return b""
    if orientation in (None, 1):
        return b""
    exif = Image.Exif()
    exif[ORIENTATION] = int(orientation)
    return exif.tobytes()[len(EXIF_HEADER) :]


# --- JPEG: segments up to the first scan; everything after the picture's end goes ----------

_APP0, _APP1, _APP2, _APP14, _SOS, _EOI = 0xE0, 0xE1, 0xE2, 0xEE, 0xDA, 0xD9
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM and the restart markers: no length


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == _APP0:
        return payload.startswith(b"JFIF\x00")
    if marker == _APP2:
        return payload.startswith(b"ICC_PROFILE\x00")
    if marker == _APP14:  # Adobe: how the colours are encoded
        return True
    # Every other application segment (EXIF and XMP, IPTC, maker data) and comments go.
    return not (0xE0 <= marker <= 0xEF or marker == 0xFE)


def _entropy_end(data: bytes, pos: int) -> int:
    """Where the compressed data that starts at POS ends: at the next marker."""
    while True:
        pos = data.index(b"\xff", pos)
        following = data[pos + 1]
        if following == 0x00 or following in _STANDALONE or following == 0xFF:
            pos += 1
            continue
        return pos


def _jpeg(data: bytes, orientation: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("no JPEG start")
    out = [b"\xff\xd8"]
    if orientation:
        body = EXIF_HEADER + orientation
        out.append(struct.pack(">BBH", 0xFF, _APP1, len(body) + 2) + body)
    pos = 2
    while True:
        while data[pos] == 0xFF and data[pos + 1] == 0xFF:  # fill bytes
            pos += 1
        if data[pos] != 0xFF:
            raise ValueError("no marker where one belongs")
        marker = data[pos + 1]
        if marker == _EOI:
            out.append(b"\xff\xd9")
            return b"".join(out)
        if marker in _STANDALONE:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        end = pos + 2 + length
        if length < 2 or end > len(data):
            raise ValueError("a segment runs past the end")
        if _keep_jpeg_segment(marker, data[pos + 4 : end]):
            out.append(data[pos:end])
        pos = end
        if marker == _SOS:
            scan_end = _entropy_end(data, pos)
            out.append(data[pos:scan_end])
            pos = scan_end


# --- PNG: chunks; text, time and EXIF chunks go ------------------------------------------

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROPPED = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(data: bytes, orientation: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("no PNG signature")
    out = [_PNG_SIGNATURE]
    pos = len(_PNG_SIGNATURE)
    while True:
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("a chunk runs past the end")
        if kind == b"IDAT" and orientation:
            out.append(_png_chunk(b"eXIf", orientation))  # before the picture, as required
            orientation = b""
        if kind not in _PNG_DROPPED:
            out.append(data[pos:end])
        pos = end
        if kind == b"IEND":
            return b"".join(out)


# --- WebP: RIFF chunks; EXIF and XMP go, and the extended header stops announcing them ------

_VP8X_EXIF, _VP8X_XMP = 0x08, 0x04


def _riff_chunk(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("<I", len(body)) + body + (b"\x00" if len(body) % 2 else b"")


def _webp(data: bytes, orientation: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("no WebP header")
    (riff_size,) = struct.unpack("<I", data[4:8])
    chunks: list[bytes] = []
    pos, stop = 12, min(len(data), 8 + riff_size)
    extended = False
    while pos + 8 <= stop:
        kind = data[pos : pos + 4]
        (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            raise ValueError("a chunk runs past the end")
        pos += 8 + length + (length % 2)
        if kind in (b"EXIF", b"XMP "):
            continue
        if kind == b"VP8X":
            extended = True
            flags = body[0] & ~(_VP8X_EXIF | _VP8X_XMP)
            if orientation:
                flags |= _VP8X_EXIF
            body = bytes([flags]) + body[1:]
        chunks.append(_riff_chunk(kind, body))
    if orientation and extended:
        chunks.append(_riff_chunk(b"EXIF", orientation))  # EXIF comes after the picture
    payload = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(payload)) + payload
