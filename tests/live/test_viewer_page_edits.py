"""The viewer's room and the host console after the show or the store changes: the markets a
show sells to, its sponsorship, state and title, the sites allowed to embed it, a store
without markets. The tests that only read the room are in test_viewer_pages.py."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction, utcnow
from crosslive.live import embed, service
from crosslive.shows.models import Show, ShowState
from tests.chat.factories import Room
from tests.factories import page_login
from tests.live.test_viewer_pages import _text
from tests.web.policy import directives


@pytest.mark.parametrize("query", ["", "?country=JP"])
def test_a_show_offers_only_the_markets_it_sells_to_and_says_where_it_does_not_ship(
    app_client: TestClient, session_factory: sessionmaker[Session], pinned: Room, query: str
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, pinned.show_id)
        assert show is not None
        show.market_codes = ["US", "EU"]
    html = app_client.get(
        f"/live/{pinned.slug}{query}", headers={"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}
    ).text
    picker = html.split('<select id="country"', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option value="([A-Z]{2})"', picker)
    assert "JP" not in offered and {"US", "DE"} <= set(offered)
    # The page speaks the browser's language, whatever the market, the places named in it too.
    notice = "このライブは日本には配送していません。価格と配送はアメリカ合衆国向けです。"
    assert notice in _text(html)
    assert "$49.00" in _text(html) and "¥7,200" not in _text(html)
    assert 'data-cart="yes"' in html  # the cart sells in the market shown, never answers 422


def test_a_market_of_many_countries_is_named_by_its_region_in_the_notice(
    app_client: TestClient, session_factory: sessionmaker[Session], pinned: Room
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, pinned.show_id)
        assert show is not None
        show.market_codes = ["EU"]
    html = app_client.get(f"/live/{pinned.slug}?country=US&lang=fr").text
    assert (
        "Cette émission ne livre pas ce pays : États-Unis. Les prix et la livraison indiqués "
        "valent pour : Union européenne."
    ) in _text(html)


def test_sponsored_show_is_labelled_in_the_viewers_language(
    app_client: TestClient, session_factory: sessionmaker[Session], room: Room
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.sponsored = True
    japanese = app_client.get(f"/live/{room.slug}", headers={"Accept-Language": "ja"}).text
    german = app_client.get(f"/live/{room.slug}", headers={"Accept-Language": "de-DE"}).text
    label = '<p class="ad-label" role="note" tabindex="0">{}</p>'  # focusable: whole on a tap
    assert label.format("広告 · プロモーションを含みます") in japanese
    assert label.format("Werbung · bezahlte Partnerschaft") in german


def test_only_the_embed_route_may_be_framed_by_other_sites(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    page = directives(app_client.get(f"/live/{room.slug}"))
    # An empty allow list lets no other site frame the room: only this one.
    framed = directives(app_client.get(f"/embed/{room.slug}"))
    assert page["frame-ancestors"] == framed["frame-ancestors"] == "'self'"
    with transaction(session_factory) as db:
        embed.set_allowed_origins(
            db, room.seller_id, ["https://shop.example.com", "https://acme.myshopify.com"]
        )
    limited = directives(app_client.get(f"/embed/{room.slug}"))
    assert limited["frame-ancestors"] == (
        "'self' https://acme.myshopify.com https://shop.example.com"
    )
    # The rest of the embed page's policy is the room's own.
    assert {**limited, "frame-ancestors": "'self'"} == page
    assert directives(app_client.get(f"/live/{room.slug}"))["frame-ancestors"] == "'self'"


def test_store_without_markets_still_shows_the_room(
    app_client: TestClient, session_factory: sessionmaker[Session], rival: dict[str, object]
) -> None:
    with transaction(session_factory) as db:
        show = Show(
            seller_id=int(str(rival["seller_id"])),
            slug="rival-live",
            title="Rival live",
            scheduled_at=utcnow(),
        )
        db.add(show)
        db.flush()
        service.pin(db, show, int(str(rival["product_id"])))
    page = app_client.get("/live/rival-live")
    assert page.status_code == 200
    assert "Not sold in your market yet" in page.text


def test_video_state_and_prewarm_follow_the_show_and_the_media_switch(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    html = app_client.get(f"/live/{room.slug}").text
    assert 'data-state="scheduled" data-media=""' in html
    assert "The show starts soon" in _text(html)
    assert 'src="/static/live/viewer.js"' in html and "/static/media/player.js" in html
    # Live video is off in this app: no offer is pre-fetched even while the show is live.
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.state = ShowState.LIVE
    html = app_client.get(f"/embed/{room.slug}").text
    assert 'data-state="live" data-media=""' in html
    assert "Connecting to the live video" in _text(html)
    assert "crossliveJoin.start(" not in html


class _Frames(HTMLParser):
    """The attributes of each <iframe> in a piece of HTML, as a browser would read them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.frames: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.frames.append(dict(attrs))


def _snippet(console_html: str) -> str:
    found = re.search(
        r'<textarea readonly class="snippet"[^>]*>(.*?)</textarea>', console_html, re.S
    )
    assert found is not None
    return html.unescape(found.group(1))


def test_the_embed_snippet_keeps_a_title_with_quotes_inside_its_attribute(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    title = 'Spring "drop" <b>&</b> onload="alert(1)'
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.title = title
    page_login(app_client, room.moderator_email)
    snippet = _snippet(app_client.get(f"/host/{room.slug}").text)
    frames = _Frames(snippet).frames
    assert len(frames) == 1
    assert frames[0]["title"] == f"{title} (live)"
    assert frames[0]["src"] == f"http://testserver/embed/{room.slug}?store=acme"
    assert "onload" not in frames[0]


def test_the_console_says_how_to_let_a_store_show_the_room(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session]
) -> None:
    page_login(app_client, room.moderator_email)
    alone = _text(app_client.get(f"/host/{room.slug}").text)
    assert "No other site may show it yet." in alone
    assert (
        "an owner adds that site\u2019s address" in alone and "PUT /api/v1/embed-origins" in alone
    )
    with transaction(session_factory) as db:
        embed.set_allowed_origins(db, room.seller_id, ["https://shop.example.com"])
    allowed = _text(app_client.get(f"/host/{room.slug}").text)
    assert "Sites allowed to show it: https://shop.example.com." in allowed
