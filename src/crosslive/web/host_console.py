"""The host console (/host/{show}): pins, credential pushes, questions, chat, counters."""

from __future__ import annotations

from datetime import date
from html import escape
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crosslive.captions import service as captions
from crosslive.captions.lifespan import captions_of
from crosslive.chat import service as chat_service
from crosslive.deps import SessionDep
from crosslive.live import cards, embed, service
from crosslive.media.lifespan import media_of, show_nodes
from crosslive.orders import service as orders_service
from crosslive.returns import service as returns_service
from crosslive.shows import service as shows_service
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.translation.languages import from_accept_language
from crosslive.web import market_findings
from crosslive.web.pages import PageUser, render

router = APIRouter(include_in_schema=False)


def embed_snippet(request: Request, show: Show, store: str) -> str:
    """The HTML a seller pastes into their store; the show's title and the address are
    escaped for the attributes they go into."""
    base = state_of(request.app).settings.base_url.rstrip("/") or str(request.base_url).rstrip("/")
    src = escape(f"{base}/embed/{quote(show.slug)}?{urlencode({'store': store})}")
    title = escape(f"{show.title} (live)")
    return (
        f'<div style="position:relative;width:100%;max-width:420px;aspect-ratio:9/16;">\n'
        f'  <iframe src="{src}" title="{title}" allow="autoplay; fullscreen; camera; microphone; '
        f'picture-in-picture" style="position:absolute;inset:0;width:100%;height:100%;'
        f'border:0;border-radius:16px;" loading="lazy"></iframe>\n</div>'
    )


@router.get("/host/{slug}", response_class=HTMLResponse)
def host_console(request: Request, slug: str, user: PageUser, db: SessionDep) -> HTMLResponse:
    show = shows_service.staff_show(db, user, slug)
    shows_service.require_moderator(show, user)
    pinned = {p.id for p in service.pinned_products(db, show.id)}
    products = service.console_products(db, show)
    media = media_of(request.app)
    questions = chat_service.open_questions(db, show.id)
    context = {
        "section": "shows",
        "show": show,
        "can_host": shows_service.can_host(show, user),
        "products": products,
        "checklists": returns_service.checklists(db, show, products),
        "pinned": pinned,
        # Which of the show's markets cannot buy a product, said before it is pinned.
        "pin_warnings": market_findings.pin_warnings(request, db, show, products),
        "credentials": cards.console_credentials(db, show.seller_id, date.today()),
        "questions": questions,
        # The host reads questions in the browser's language, where they were translated.
        "question_texts": chat_service.read_in(
            db, questions, from_accept_language(request.headers.get("accept-language"))
        ),
        "counters": orders_service.show_counters(db, show.id),
        # With edge nodes: each node, up or down, and the show's viewers it plays to.
        "nodes": show_nodes(request.app, show.id),
        "snippet": embed_snippet(request, show, user.seller.slug),
        "embed_origins": embed.allowed_origins(db, show.seller_id),
        "media_on": media is not None,
        # "" where this server does not transcribe; else the host's switch.
        "captions": (
            ("on" if captions.is_enabled(db, show.id) else "off")
            if captions_of(request.app) is not None
            else ""
        ),
        "rtmp_on": media is not None and media.rtmp is not None,
    }
    return render(request, "live/host.html", context, user=user)
