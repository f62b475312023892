"""One replay per show: the recording made while it was live, once post-processed."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Enum, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crosslive.db import Base, UTCDateTime, utcnow


class ReplayStatus(enum.StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class ReplayVisibility(enum.StrEnum):
    LISTED = "listed"
    UNLISTED = "unlisted"  # plays from its link, never listed or linked from the room
    DELETED = "deleted"  # its video is gone; the row stays so the show never records again


class Replay(Base):
    __tablename__ = "replays"

    id: Mapped[int] = mapped_column(primary_key=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id", ondelete="CASCADE"), index=True)
    show_id: Mapped[int] = mapped_column(
        ForeignKey("shows.id", ondelete="CASCADE"), unique=True, index=True
    )
    status: Mapped[ReplayStatus] = mapped_column(
        Enum(ReplayStatus, native_enum=False, length=16), default=ReplayStatus.PROCESSING
    )
    visibility: Mapped[ReplayVisibility] = mapped_column(
        Enum(ReplayVisibility, native_enum=False, length=16), default=ReplayVisibility.LISTED
    )
    # The video's file name inside the replays folder ('' until it is made or once deleted).
    file_name: Mapped[str] = mapped_column(String(200), default="")
    # The uncut video as it was made, once the seller trimmed the replay: file_name is then
    # the cut video (trim_in_s..trim_out_s of this one), and trimming again cuts from it.
    source_name: Mapped[str] = mapped_column(String(200), default="")
    # When the first recorded segment starts (wall clock): chapter times are relative to it.
    recorded_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    # The seller's trim: the replay plays from trim_in_s to trim_out_s (None: to the end).
    trim_in_s: Mapped[float] = mapped_column(Float, default=0.0)
    trim_out_s: Mapped[float | None] = mapped_column(Float)
    # The recorded segments, [{"start": wall-clock seconds since recorded_from, "video": s,
    # "length": s}], and the stretches of the show nothing was recorded in: [[from_s, to_s]]
    # in show time (seconds since the show went live).
    segments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    missing: Mapped[list[list[float]]] = mapped_column(JSON, default=list)
    error: Mapped[str] = mapped_column(Text, default="")
    # While a worker makes the video: until when it is that worker's (another takes over after).
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
