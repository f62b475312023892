"""Answers about the seller rather than one product's delivery: the verified credentials
that may be shown in the viewer's market, and the show that is live now or comes next."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_datetime
from sqlalchemy import select

from crosslive.answers.context import Composed, Context
from crosslive.answers.templates import text as t
from crosslive.shows.models import Show, ShowState
from crosslive.trust import service as trust_service


def credentials(ctx: Context) -> Composed | None:
    today: date = ctx.now.date()
    product_id = ctx.product.id if ctx.product else None
    shown = trust_service.displayable_credentials(
        ctx.db, ctx.seller_id, product_id, ctx.market.code, today
    )
    if not shown:
        return Composed(
            [t(ctx.language, "We have no verified credential to show for this.")],
            [f"trust:{ctx.market.code}:displayable"],
        )
    asked = {w.upper() for w in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]+", ctx.question)}
    asked = {w for w in asked if len(w) >= 2} - _COMMON
    named = [c for c in shown if asked & {w.upper() for w in re.findall(r"[A-Za-z0-9-]+", c.claim)}]
    chosen = (named + [c for c in shown if c not in named])[:3]
    names = [f"{c.claim} ({c.issuer})" if c.issuer else c.claim for c in chosen]
    return Composed(
        [t(ctx.language, "Verified credentials: {credentials}.", credentials="; ".join(names))],
        [f"trust:credential/{c.id}" for c in chosen],
    )


# English words too common to say which credential a question names.
_COMMON = frozenset(
    {
        "THE",
        "AND",
        "ARE",
        "IS",
        "IT",
        "IN",
        "OF",
        "FOR",
        "THIS",
        "THESE",
        "DO",
        "YOU",
        "HAVE",
        "ANY",
        "TO",
        "BY",
        "ON",
        "OR",
        "WITH",
        "FROM",
        "AN",
    }
)


def next_show(ctx: Context) -> Composed | None:
    lang = ctx.language
    live = ctx.db.scalars(
        select(Show)
        .where(Show.seller_id == ctx.seller_id, Show.state == ShowState.LIVE)
        .order_by(Show.scheduled_at)
    ).first()
    upcoming = ctx.db.scalars(
        select(Show)
        .where(
            Show.seller_id == ctx.seller_id,
            Show.state == ShowState.SCHEDULED,
            Show.scheduled_at >= ctx.now,
        )
        .order_by(Show.scheduled_at)
    ).first()
    sentences, sources = [], []
    if live is not None:
        sentences.append(t(lang, "\u201c{title}\u201d is live now.", title=live.title))
        sources.append(f"shows:show/{live.slug}")
    if upcoming is not None:
        when = format_datetime(upcoming.scheduled_at, "medium", tzinfo=None, locale=ctx.locale)
        sentences.append(
            t(
                lang,
                "The next show, \u201c{title}\u201d, starts {when} (UTC).",
                title=upcoming.title,
                when=str(when),
            )
        )
        sources.append(f"shows:show/{upcoming.slug}")
    if not sentences:
        return Composed([t(lang, "No show is scheduled yet.")], ["shows:schedule"])
    return Composed(sentences, sources)
