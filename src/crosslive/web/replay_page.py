"""A show's replay (/replay/{show}), its embeddable twin (/embed/replay/{show}), its video
(served with HTTP Range requests, so the player seeks without downloading it all) and its
subtitle track when the show's transcript provides one. The product cards are the live
room's fragments, and the cart is the show's cart: buying from a replay is buying live."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale, UnknownLocaleError
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from markupsafe import escape

from crosslive.auth import service as auth_service
from crosslive.compliance import claims
from crosslive.compliance import service as compliance
from crosslive.compliance.titles import shown_title
from crosslive.content import service as content
from crosslive.deps import SessionDep, get_settings
from crosslive.errors import NotFound
from crosslive.live import audience, embed
from crosslive.markets import viewer_market
from crosslive.media.lifespan import media_of
from crosslive.orders import cart as carts
from crosslive.orders.stripe_provider import StripeConfig
from crosslive.replays import service
from crosslive.replays.api import moments_of
from crosslive.replays.captions import CaptionSource, webvtt
from crosslive.replays.schemas import TrackOut
from crosslive.replays.worker import replays_path
from crosslive.state import state_of
from crosslive.web import language
from crosslive.web.headers import PagePolicy
from crosslive.web.live_room import sheet_card, viewer_audience
from crosslive.web.pages import fresh_viewer_token, render
from crosslive.web.product_jsonld import script_text
from crosslive.web.product_pages import product_path
from crosslive.web.replay_chat import replay_chat
from crosslive.web.replay_jsonld import ChapterFacts, ReplayFacts, replay_jsonld

router = APIRouter(include_in_schema=False)


def replay_embed_snippet(base: str, slug: str, store: str, title: str) -> str:
    """The HTML a store pastes to show the replay on its own site (like the live room's)."""
    src = escape(f"{base}/embed/replay/{quote(slug)}?{urlencode({'store': store})}")
    return (
        '<div style="position:relative;width:100%;max-width:420px;aspect-ratio:9/16;">\n'
        f'  <iframe src="{src}" title="{escape(title)}" allow="autoplay; fullscreen; camera; '
        'microphone; picture-in-picture" style="position:absolute;inset:0;width:100%;height:100%;'
        'border:0;border-radius:16px;" loading="lazy"></iframe>\n</div>'
    )


def _context(
    request: Request, db: SessionDep, slug: str, store: str | None, country: str
) -> dict[str, Any]:
    show, replay = service.public_replay(db, slug, store)
    who = viewer_audience(request, db, show, country)
    lang = language.page_language(request)
    seller = auth_service.get_seller(db, show.seller_id)
    worded = content.one(db, "show", show.id, lang)
    moments = moments_of(db, show, replay, seller.slug)
    source = state_of(request.app).find(CaptionSource)
    if source is not None:
        moments.tracks = caption_tracks(source.languages(db, show.id), show.slug, seller.slug, lang)
        moments.captions = next((t.src for t in moments.tracks if t.default), None)
    products = {span.product_id for span in moments.pins}
    # The same sheet as live (reviews included), and only what the viewer's market may buy.
    card_list = [
        sheet_card(db, p, who, lang)
        for p in sorted((item.product for item in show.lineup), key=lambda p: p.id)
        if p.id in products and compliance.sellable(db, p, who.market)
    ]
    return {
        "jsonld": _jsonld(request, db, show, replay, moments, who.market),
        "show": show,
        # A severe claim finding for the viewer's market hides the title there (the store's
        # name stands in; crosslive.compliance.claims).
        "show_title": seller.name
        if "title" in claims.hidden_show_fields(db, show, who.market)
        else worded.get("title", show.title),
        "seller": seller,
        "who": who,
        "country": who.country
        or (who.market.countries[0] if who.market and who.market.countries else ""),
        "countries": viewer_market.country_choices(
            db, show.seller_id, show.market_codes or (), lang
        ),
        "moments": moments,
        "moments_json": moments.model_dump(),
        "chat": replay_chat(db, replay, lang),
        "cards": card_list,
        "clock": service.clock,
        "viewer_token": fresh_viewer_token(request),
        "ad_label": audience.ad_label(who, lang) if show.sponsored else "",
        "has_cart": who.market is not None and carts.sells_to(show, who.market),
        "card_payments": StripeConfig.from_settings(get_settings(request)) is not None,
        # "Video call with the store" (crosslive.consultations) needs the media server.
        "calls_on": media_of(request.app) is not None,
    }


def _jsonld(
    request: Request, db: SessionDep, show: Any, replay: Any, moments: Any, market: Any
) -> str:
    """The page's JSON-LD (web.replay_jsonld): the products named are those pinned in it."""
    base = get_settings(request).public_url
    seller = auth_service.get_seller(db, show.seller_id)
    page = f"{base}/replay/{quote(show.slug)}?{urlencode({'store': seller.slug})}"
    times = [c.at - moments.start for c in moments.chapters] + [moments.end - moments.start]
    pinned = {span.product_id for span in moments.pins}
    products = sorted(
        (i.product for i in show.lineup if i.product.id in pinned), key=lambda p: p.id
    )
    facts = ReplayFacts(
        name=seller.name if "title" in claims.hidden_show_fields(db, show, market) else show.title,
        page_url=page,
        video_url=base + moments.video,
        embed_url=f"{base}/embed/replay/{quote(show.slug)}?{urlencode({'store': seller.slug})}",
        published=replay.ready_at,
        duration_s=moments.end - moments.start,
        chapters=tuple(
            ChapterFacts(c.title, times[i], times[i + 1]) for i, c in enumerate(moments.chapters)
        ),
        products=tuple(
            (shown_title(db, p, market), base + product_path(seller.slug, p.handle))
            for p in products
        ),
    )
    return script_text(replay_jsonld(facts))


def caption_tracks(kept: list[str], slug: str, store: str, viewer: str) -> list[TrackOut]:
    """One subtitle track per language the transcript is kept in, each labelled in its own
    language; the viewer's is on by default (the host's where the viewer's is not kept)."""
    base = viewer.split("-")[0]
    chosen = next((k for k in kept if k == viewer), None) or next(
        (k for k in kept if k.split("-")[0] == base), kept[0] if kept else ""
    )
    url = f"/replay/{quote(slug)}/captions.vtt?store={quote(store)}&lang="
    return [
        TrackOut(lang=code, label=_own_name(code), src=url + quote(code), default=code == chosen)
        for code in kept
    ]


def _own_name(code: str) -> str:
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


@router.get("/replay/{slug}", response_class=HTMLResponse)
def replay_page(
    request: Request, slug: str, db: SessionDep, country: str = "", store: str | None = None
) -> HTMLResponse:
    return render(
        request, "live/replay.html", _context(request, db, slug, store, country), viewer=True
    )


@router.get("/embed/replay/{slug}", response_class=HTMLResponse)
def replay_embed(
    request: Request, slug: str, db: SessionDep, country: str = "", store: str | None = None
) -> HTMLResponse:
    context = {**_context(request, db, slug, store, country), "embedded": True}
    response = render(request, "live/replay.html", context, viewer=True)
    ancestors = embed.frame_ancestors(embed.allowed_origins(db, context["show"].seller_id))
    policy = state_of(request.app).get(PagePolicy)
    response.headers[embed.CSP] = policy.header(request.scope, frame_ancestors=ancestors)
    return response


@router.get("/replay/{slug}/video")
def replay_video(slug: str, db: SessionDep, request: Request, store: str | None = None) -> Response:
    """The MP4, with Range requests answered (206) so the player seeks anywhere at once."""
    _, replay = service.public_replay(db, slug, store)
    path = replays_path(get_settings(request), replay.file_name)
    if path is None:
        raise NotFound(f"the show {slug!r} has no replay")
    return FileResponse(
        path, media_type="video/mp4", headers={"Cache-Control": "public, max-age=300"}
    )


@router.get("/replay/{slug}/captions.vtt")
def replay_captions(
    slug: str, db: SessionDep, request: Request, store: str | None = None, lang: str = ""
) -> Response:
    """The replay's subtitle track in LANG ('' for the host's) from the show's transcript
    (404 where it is not kept in that language)."""
    show, replay = service.public_replay(db, slug, store)
    source = state_of(request.app).find(CaptionSource)
    kept = source.languages(db, show.id) if source is not None else []
    if source is None or not kept or (lang and lang not in kept):
        raise NotFound("this replay has no captions")
    return PlainTextResponse(webvtt(replay, source.cues(db, show.id, lang)), media_type="text/vtt")
