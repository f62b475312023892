"""Keeping and reading a show's captions: the host's switch, each line kept with the show
and sent to its viewers, and the transcript as WebVTT (for replays)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.captions.models import CaptionLine, CaptionSwitch, CaptionTranslation
from crosslive.db import utcnow
from crosslive.errors import InvalidInput
from crosslive.events import service as events
from crosslive.shows.models import Show

MAX_LINE = 500
CAPTION = "caption"
SWITCH = "captions"
BEHIND = "captions_behind"


def is_enabled(db: Session, show_id: int) -> bool:
    row = db.get(CaptionSwitch, show_id)
    return row is None or row.enabled


def enabled_among(db: Session, show_ids: set[int]) -> set[int]:
    """Which of SHOW_IDS have captions on (the default)."""
    if not show_ids:
        return set()
    off = db.scalars(
        select(CaptionSwitch.show_id).where(
            CaptionSwitch.show_id.in_(show_ids), CaptionSwitch.enabled.is_(False)
        )
    ).all()
    return show_ids - set(off)


def switch(db: Session, show: Show, enabled: bool) -> dict[str, Any]:
    """The host turns the show's captions on or off; its viewers are told (a kept event, so
    a page that joins later knows too)."""
    row = db.get(CaptionSwitch, show.id)
    if row is None:
        row = CaptionSwitch(show_id=show.id, enabled=enabled, changed_at=utcnow())
        db.add(row)
    row.enabled = enabled
    row.changed_at = utcnow()
    db.flush()
    events.record(db, show.id, SWITCH, {"enabled": enabled})
    return {"enabled": enabled}


def _offset_ms(show: Show, at: datetime) -> int:
    started = show.started_at or at
    return max(0, int((at - started) / timedelta(milliseconds=1)))


def keep_line(
    db: Session,
    show_id: int,
    text: str,
    lang: str,
    ended_at: datetime,
    duration_s: float,
    languages: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Keep a caption line with the show and send it to the show's viewers (None when the
    show is not live, its captions are off, or there is nothing to say). LANGUAGES:
    `{"translations": {lang: text}}` for the languages its viewers read."""
    text = " ".join(text.split())[:MAX_LINE]
    show = db.get(Show, show_id)
    if not text or show is None or show.state.value != "live" or not is_enabled(db, show_id):
        return None
    end_ms = _offset_ms(show, ended_at)
    start_ms = max(0, end_ms - int(duration_s * 1000))
    line = CaptionLine(show_id=show_id, start_ms=start_ms, end_ms=end_ms, lang=lang, text=text)
    db.add(line)
    db.flush()
    translations = (languages or {}).get("translations")
    if isinstance(translations, dict):
        _keep_translations(db, line, translations)
    data: dict[str, Any] = {
        "line_id": line.id,
        "body": text,
        "lang": lang,
        "start_ms": start_ms,
        "end_ms": end_ms,
        "spoken_at": ended_at.isoformat(),
    }
    if isinstance(translations, dict):
        data["translations"] = translations
    # Sent, not kept in the log: the transcript table keeps it, and a caption a viewer
    # missed while reconnecting is of no use later (nor should captions crowd the chat
    # out of a joining viewer's backlog).
    events.announce(db, show_id, CAPTION, data)
    return data


def _keep_translations(db: Session, line: CaptionLine, translations: dict[str, Any]) -> None:
    """Keep each translation the provider made (None: it could not) for the replay."""
    for language, said in sorted(translations.items()):
        body = " ".join(said.split())[:MAX_LINE] if isinstance(said, str) else ""
        same = language.split("-")[0] == line.lang.split("-")[0]  # zh-Hans for a zh host
        if body and not same and len(language) <= 16:
            db.add(CaptionTranslation(line_id=line.id, lang=language, text=body))
    db.flush()


def kept_languages(db: Session, show_id: int) -> list[str]:
    """The languages the show's transcript is kept in: the host's first (the language most
    of its lines were heard in), then each one its viewers read, alphabetically."""
    heard = db.execute(
        select(CaptionLine.lang, func.count())
        .where(CaptionLine.show_id == show_id)
        .group_by(CaptionLine.lang)
        .order_by(func.count().desc(), CaptionLine.lang)
    ).all()
    translated = db.scalars(
        select(CaptionTranslation.lang)
        .join(CaptionLine, CaptionLine.id == CaptionTranslation.line_id)
        .where(CaptionLine.show_id == show_id)
        .distinct()
    ).all()
    host = [row[0] for row in heard]
    return host + sorted(set(translated) - set(host))


def transcript_in(db: Session, show_id: int, language: str) -> list[tuple[int, int, str]]:
    """(start_ms, end_ms, text) of each line of the show's transcript kept in LANGUAGE: the
    lines heard in it, and the others' translations into it (a line that was never
    translated into LANGUAGE is not in its track: it would be in another language)."""
    query = (
        select(CaptionLine.start_ms, CaptionLine.end_ms, CaptionLine.text, CaptionTranslation.text)
        .outerjoin(
            CaptionTranslation,
            (CaptionTranslation.line_id == CaptionLine.id) & (CaptionTranslation.lang == language),
        )
        .where(CaptionLine.show_id == show_id)
        .order_by(CaptionLine.start_ms, CaptionLine.id)
    )
    rows = db.execute(query.add_columns(CaptionLine.lang)).all()
    found = []
    for start_ms, end_ms, text, translated, lang in rows:
        if lang == language:
            found.append((start_ms, end_ms, text))
        elif translated is not None:
            found.append((start_ms, end_ms, translated))
    return found


def transcript(db: Session, show_id: int) -> list[CaptionLine]:
    return list(
        db.scalars(
            select(CaptionLine)
            .where(CaptionLine.show_id == show_id)
            .order_by(CaptionLine.start_ms, CaptionLine.id)
        ).all()
    )


def _stamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def webvtt(db: Session, show_id: int, offset_ms: int = 0) -> str:
    """The show's transcript as a WebVTT file, timed from the show's start (OFFSET_MS is
    taken off every cue, for a replay whose video starts later). Lines overlapping the next
    end where it starts; cue text is escaped as WebVTT asks."""
    if offset_ms < 0:
        raise InvalidInput("the offset cannot be negative")
    lines = transcript(db, show_id)
    cues = ["WEBVTT", ""]
    for n, line in enumerate(lines):
        start = line.start_ms - offset_ms
        end = line.end_ms - offset_ms
        if n + 1 < len(lines):
            end = min(end, lines[n + 1].start_ms - offset_ms)
        if end <= 0 or end <= start:
            continue
        text = line.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace("-->", "--&gt;")
        cues += [str(line.id), f"{_stamp(max(0, start))} --> {_stamp(end)}", text, ""]
    return "\n".join(cues)
