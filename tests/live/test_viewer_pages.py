"""The viewer's room in each market: prices, delivery, returns, trust panel, ad label, framing."""

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
from tests.chat.factories import PDF, Room
from tests.factories import login_form, page_login
from tests.web.policy import directives


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.product_id)
    return room


def _claims(html: str) -> list[str]:
    return re.findall(r'<h3 class="credential-claim">([^<]*)</h3>', html)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_us_viewer_sees_dollars_la_delivery_and_us_weighted_trust(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    text = _text(html)
    assert "$49.00" in text and "$59.00" in text
    assert "Delivery Ships from our Los Angeles warehouse in 2-3 days (Los Angeles, US)." in text
    assert (
        "Returns Return within 30 days to our Los Angeles warehouse; we pay the label "
        "(Los Angeles, US)." in text
    )
    # US weighs sales proof 5 and certification 3; expired, JP-only and evidence-less never show.
    assert _claims(html) == [
        "120,000 shirts sold worldwide",
        "OEKO-TEX Standard 100 certified linen",
    ]
    assert "Slight colour variation between dye lots" in text
    assert "101.6 cm 40.0 in" in text
    assert "Model: 170 cm (5 ft 7 in), 58 kg (128 lb), wears size M" in text


def test_german_viewer_sees_euros_rotterdam_and_certification_first(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=DE").text
    text = _text(html)
    assert "€45.00" in text and "$49.00" not in text
    assert "Delivery Ships from our Rotterdam warehouse in 2-4 days (Rotterdam, NL)." in text
    assert (
        "Returns Return within 14 days to our Rotterdam warehouse; you pay the return label "
        "(Rotterdam, NL)." in text
    )
    assert _claims(html) == [
        "OEKO-TEX Standard 100 certified linen",
        "120,000 shirts sold worldwide",
    ]


def test_market_follows_the_browser_language_when_no_country_is_chosen(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(
        f"/live/{pinned.slug}", headers={"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}
    ).text
    # Yen, written as a Japanese page writes it (CLDR: the full-width sign).
    assert "￥7,200" in _text(html)
    assert "Good Design Award Japan" in _claims(html)
    assert '<option value="JP" selected>' in html


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


def test_a_viewer_in_a_country_the_show_ships_to_gets_no_notice(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=DE").text
    assert "does not ship to" not in html


def test_sponsored_show_is_labelled_in_the_viewers_language(
    app_client: TestClient, session_factory: sessionmaker[Session], room: Room
) -> None:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        show.sponsored = True
    japanese = app_client.get(f"/live/{room.slug}", headers={"Accept-Language": "ja"}).text
    german = app_client.get(f"/live/{room.slug}", headers={"Accept-Language": "de-DE"}).text
    assert '<p class="ad-label" role="note">広告 · プロモーションを含みます</p>' in japanese
    assert '<p class="ad-label" role="note">Werbung · bezahlte Partnerschaft</p>' in german


def test_unsponsored_show_has_no_ad_label(app_client: TestClient, room: Room) -> None:
    assert 'class="ad-label"' not in app_client.get(f"/live/{room.slug}").text


def test_pushed_credential_shows_only_where_it_applies(app_client: TestClient, room: Room) -> None:
    jp_only = room.credentials["jp_only"]
    us = app_client.get(f"/live/{room.slug}/credentials/{jp_only}?country=US")
    jp = app_client.get(f"/live/{room.slug}/credentials/{jp_only}?country=JP")
    expired = app_client.get(
        f"/live/{room.slug}/credentials/{room.credentials['expired']}?country=JP"
    )
    assert (us.status_code, us.text) == (204, "")
    assert jp.status_code == 200 and "Good Design Award Japan" in jp.text
    assert expired.status_code == 204


def test_trust_panel_opens_each_credentials_evidence(app_client: TestClient, pinned: Room) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    oeko = pinned.credentials["oeko"]
    link = f'<a class="evidence" href="/api/v1/public/credentials/{oeko}/evidence"'
    assert link in html
    evidence = app_client.get(f"/api/v1/public/credentials/{oeko}/evidence")
    assert evidence.status_code == 200 and evidence.content == PDF


def test_card_fragment_only_for_products_of_the_show(app_client: TestClient, pinned: Room) -> None:
    card = app_client.get(f"/live/{pinned.slug}/cards/{pinned.product_id}?country=US")
    assert card.status_code == 200 and "Linen Shirt" in card.text
    other = app_client.get(f"/live/{pinned.slug}/cards/{pinned.second_product_id}")
    assert other.status_code == 404


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


def test_unknown_show_is_404(app_client: TestClient, room: Room) -> None:
    assert app_client.get("/live/no-such-show").status_code == 404


def test_host_console_is_for_this_stores_staff(
    app_client: TestClient, room: Room, rival: dict[str, object]
) -> None:
    anonymous = app_client.get(f"/host/{room.slug}", follow_redirects=False)
    assert anonymous.status_code == 303
    app_client.post("/admin/login", data=login_form(app_client, str(rival["email"])))
    assert app_client.get(f"/host/{room.slug}").status_code == 404
    app_client.post("/admin/login", data=login_form(app_client, room.moderator_email))
    console = app_client.get(f"/host/{room.slug}")
    assert console.status_code == 200
    # Moderators moderate; pinning and pushing stay with the hosts.
    assert 'data-action="pin"' not in console.text and 'data-action="push"' not in console.text


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
