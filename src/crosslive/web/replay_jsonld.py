"""A replay page's schema.org JSON-LD: the recording as a VideoObject (its name, when it was
published, its length, where the video and the embeddable player are), each chapter as a Clip
with its start and end in the trimmed video, and the products shown in it with their public
pages. The block is escaped like the product page's (web.product_jsonld.script_text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crosslive.web.product_jsonld import CONTEXT


@dataclass(frozen=True)
class ChapterFacts:
    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class ReplayFacts:
    name: str
    page_url: str
    video_url: str
    embed_url: str
    published: datetime | None
    duration_s: float
    chapters: tuple[ChapterFacts, ...]
    products: tuple[tuple[str, str], ...]  # (name, public page URL)


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration, whole seconds: 3725.4 -> PT1H2M5S."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs or text == "PT" else "")


def replay_jsonld(facts: ReplayFacts) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "VideoObject",
        "name": facts.name,
        "url": facts.page_url,
        "contentUrl": facts.video_url,
        "embedUrl": facts.embed_url,
        "duration": iso_duration(facts.duration_s),
    }
    if facts.published is not None:
        document["uploadDate"] = facts.published.isoformat()
    if facts.chapters:
        document["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": round(chapter.start_s),
                "endOffset": round(chapter.end_s),
                "url": f"{facts.page_url}#t={round(chapter.start_s)}",
            }
            for chapter in facts.chapters
        ]
    if facts.products:
        document["mentions"] = [
            {"@type": "Product", "name": name, "url": url} for name, url in facts.products
        ]
    return document
