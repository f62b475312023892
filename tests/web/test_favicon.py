"""The site's icon answers at both names browsers ask for, and every kind of page links it
(a missing icon was a 404 in the console of every first page)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from tests.chat.factories import Room

LINK = '<link rel="icon" href="/favicon.svg" type="image/svg+xml">'


def test_the_icon_is_an_svg_at_its_name_and_the_old_name_leads_to_it(
    app_client: TestClient,
) -> None:
    icon = app_client.get("/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/svg+xml"
    assert ET.fromstring(icon.content).tag == "{http://www.w3.org/2000/svg}svg"
    old = app_client.get("/favicon.ico", follow_redirects=False)
    assert (old.status_code, old.headers["location"]) == (301, "/favicon.svg")


def test_every_kind_of_page_links_the_icon(app_client: TestClient, room: Room) -> None:
    pages = {
        "live room": f"/live/{room.slug}",
        "product page": "/s/acme/products/linen-shirt",
        "admin login": "/admin/login",
    }
    for name, path in pages.items():
        page = app_client.get(path)
        assert page.status_code == 200, name
        assert LINK in page.text, name
