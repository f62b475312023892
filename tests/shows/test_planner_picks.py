"""The show planner names the target markets in the seller's language, as the live room
names them, and its product picker offers only what is not already in the line-up."""

from __future__ import annotations

import re
from html import unescape

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import Store, page_login
from tests.shows.test_pages import form, shows_of

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9"}
OPTION = re.compile(r'<option value="(\d+)">')


def _picker(html: str) -> list[int]:
    """The product ids the "Product to add" picker offers, in order."""
    picker = html.split('id="lineup-product"')[1].split("</select>")[0]
    return [int(pid) for pid in OPTION.findall(picker)]


def _market_labels(html: str) -> dict[str, str]:
    """Each target market's checkbox label text, by market code."""
    found = re.findall(r'name="market_codes" value="(\w+)"[^>]*> ([^<]*) <span', html)
    return {code: unescape(label) for code, label in found}


def test_market_names_are_in_the_sellers_language(
    app_client: TestClient, acme: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    english = app_client.get("/admin/shows/new")
    assert _market_labels(english.text) == {
        "EU": "European Union",
        "JP": "Japan",
        "US": "United States",
    }
    chinese = app_client.get("/admin/shows/new", headers=CHINESE)
    assert _market_labels(chinese.text) == {"EU": "欧盟", "JP": "日本", "US": "美国"}

    created = app_client.post("/admin/shows/new", data=form(csrf, acme), follow_redirects=False)
    assert created.status_code == 303, created.text
    listing = unescape(app_client.get("/admin/shows", headers=CHINESE).text)
    assert "<td>日本, 美国</td>" in listing
    assert "<td>JP, US</td>" not in listing


def test_the_picker_leaves_out_what_is_in_the_line_up(
    app_client: TestClient, acme: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    linen, scarf, coat = acme.product_ids
    assert _picker(app_client.get("/admin/shows/new").text) == [linen, scarf, coat]  # by title
    created = app_client.post(
        "/admin/shows/new",
        data=form(csrf, acme, product_ids=[str(coat), str(linen)]),
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    [show] = shows_of(session_factory, acme)
    page = app_client.get(f"/admin/shows/{show.id}").text
    assert _picker(page) == [scarf]
    lineup = page.split('id="lineup"')[1].split("</ol>")[0]
    assert re.findall(r'name="product_ids" value="(\d+)"', lineup) == [str(coat), str(linen)]
