"""The viewer's room in each market: prices, delivery, returns, trust panel, ad label, cards,
and who may open the host console. The tests only read one room, its product pinned, arranged
once: they share one store (tests/shared_store.py); those that change the show or the store
are in test_viewer_page_edits.py."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.chat.factories import PDF, Room
from tests.factories import login_form

pytestmark = pytest.mark.shared_store


@pytest.fixture(autouse=True)
def _product_pinned(pinned: Room) -> None:
    """Every test reads the same room, its product pinned, in whatever order they run."""


def _claims(html: str) -> list[str]:
    return re.findall(r'<h3 class="credential-claim" dir="auto">([^<]*)</h3>', html)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_us_viewer_sees_dollars_la_delivery_and_us_weighted_trust(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    text = _text(html)
    assert "$49.00" in text and "$59.00" in text
    assert "Delivery Ships from our Los Angeles, United States warehouse in 2-3 days." in text
    assert (
        "Returns Return within 30 days to our Los Angeles, United States warehouse; "
        "we pay the label." in text
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
    assert "Delivery Ships from our Rotterdam, Netherlands warehouse in 2-4 days." in text
    assert (
        "Returns Return within 14 days to our Rotterdam, Netherlands warehouse; "
        "you pay the return label." in text
    )
    assert "(NL)" not in text
    assert _claims(html) == [
        "OEKO-TEX Standard 100 certified linen",
        "120,000 shirts sold worldwide",
    ]


def test_the_warehouse_country_is_named_in_the_viewers_language(
    app_client: TestClient, pinned: Room
) -> None:
    """The Rotterdam warehouse's country is named as the viewer's language names it, never as
    its bare code."""
    lines = {}
    for lang in ("de", "ja"):
        html = app_client.get(f"/live/{pinned.slug}?country=DE&lang={lang}").text
        found = [
            re.search(rf'<p class="{line}">(.*?)</p>', html) for line in ("delivery", "returns")
        ]
        assert all(found), lang
        lines[lang] = " ".join(_text(m.group(1)) for m in found if m)
        assert "(NL)" not in lines[lang] and "NL" not in lines[lang], lines[lang]
    assert "Lieferung aus unserem Lager in Rotterdam, Niederlande in 2\u20134 Tagen" in lines["de"]
    assert "an unser Lager in Rotterdam, Niederlande;" in lines["de"]
    assert "Rotterdam（オランダ）の倉庫から発送" in lines["ja"]  # noqa: RUF001
    assert "Rotterdam（オランダ）の倉庫へ返品" in lines["ja"]  # noqa: RUF001


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


def test_a_viewer_in_a_country_the_show_ships_to_gets_no_notice(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=DE").text
    assert "does not ship to" not in html


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
