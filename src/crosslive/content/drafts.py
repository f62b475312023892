"""Missing translations drafted by the configured translation provider.

Drafts are stored with status "machine" and the provider's name, and viewers read them
labelled "machine translated" until the seller approves them. A pair the provider lacks, a
provider that is down or slow: that field stays untranslated and is reported back as
"translation unavailable"; nothing fails. A language sellers write in but the machine
translator does not draft (languages.DRAFTED) is not asked of it at all: its fields are
reported unavailable and the language is named in `not_drafted`, so the seller knows to
write that text themselves; nothing is stored for it (an English copy is no translation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from crosslive.content import service
from crosslive.content.languages import draftable
from crosslive.content.models import MACHINE
from crosslive.db import run_in_transaction
from crosslive.translation.languages import normalise as translator_language
from crosslive.translation.service import Translator


@dataclass
class DraftReport:
    drafted: list[tuple[str, str]] = field(default_factory=list)
    unavailable: list[tuple[str, str]] = field(default_factory=list)
    # The asked-for languages the machine translator does not draft into.
    not_drafted: list[str] = field(default_factory=list)


async def _translate(translator: Translator, text: str, source: str, target: str) -> str | None:
    """TEXT in TARGET line by line (a flaw a line stays a flaw a line), or None."""
    lines = text.split("\n")
    done = await asyncio.gather(*(translator.translate(line, source, target) for line in lines))
    if any(t.status == "unavailable" for t, line in zip(done, lines, strict=True) if line.strip()):
        return None
    return "\n".join(t.text for t in done)


async def draft_missing(
    factory: sessionmaker[Session],
    translator: Translator,
    seller_id: int,
    kind: str,
    entity_id: int,
    languages: Sequence[str],
) -> DraftReport:
    """Draft every field of the entity that has no translation yet in LANGUAGES."""

    def gather(db: Session) -> tuple[dict[str, str], list[tuple[str, str]]]:
        return (
            service.originals(db, seller_id, kind, entity_id),
            service.missing(db, seller_id, kind, entity_id, languages),
        )

    texts, wanted = await run_in_transaction(factory, gather)
    sample = " ".join(t for t in texts.values() if t)[:500]
    source = translator_language(translator.identify(sample, "en")) or "en"
    # Only the machine translator's own languages are asked of it.
    asked = [(name, lang) for name, lang in wanted if draftable(lang)]
    done = await asyncio.gather(
        *(_translate(translator, texts[name], source, lang) for name, lang in asked)
    )
    results = dict(zip(asked, done, strict=True))
    report = DraftReport()
    drafts = []
    for name, lang in wanted:
        text = results.get((name, lang))
        if text is None or lang == source:
            report.unavailable.append((name, lang))
        else:
            drafts.append((name, lang, text))
            report.drafted.append((name, lang))
    left = {lang for _name, lang in wanted if not draftable(lang)}
    report.not_drafted = [lang for lang in languages if lang in left]

    def keep(db: Session) -> None:
        have = service.rows_of(db, kind, entity_id)
        for name, lang, text in drafts:
            if (name, lang) in have:  # the seller typed one meanwhile: theirs stays
                continue
            service.save(
                db,
                seller_id,
                kind,
                entity_id,
                name,
                lang,
                text,
                status=MACHINE,
                provider=translator.provider.name,
            )

    if drafts:
        await run_in_transaction(factory, keep)
    return report
