"""The product sheet speaks the viewer market's size system next to the seller's labels."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.db import transaction
from crosslive.live import service
from crosslive.shows.models import Show
from tests.chat.factories import Room


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        service.pin(db, show, room.product_id)
    return room


def _sheet(html: str, product_id: int) -> str:
    start = html.index(f'id="sheet-{product_id}"')
    return html[start : html.index("</dialog>", start)]


def test_japanese_viewer_sees_jp_sizes_in_the_sheet_and_picker(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=JP").text
    sheet = _sheet(html, pinned.product_id)
    # The seller labels S and M (letter sizes); JIS L 4005 reads them as 9-11 and 13-15.
    assert re.findall(
        r'<th scope="row">([^<]*)<small class="local-size">([^<]*)</small>', sheet
    ) == [
        ("S ", "JP 9-11"),
        ("M ", "JP 13-15"),
    ]
    options = re.findall(r"<option value=\"\d+\">([^<]*)</option>", sheet)
    assert options == ["S (JP 9-11) · ¥7,200", "M (JP 13-15) · ¥7,200"]
    # The size advisor asks in the same system.
    assert 'data-size-system="JP"' in html


def test_us_viewer_sees_us_sizes(app_client: TestClient, pinned: Room) -> None:
    us = _sheet(app_client.get(f"/live/{pinned.slug}?country=US").text, pinned.product_id)
    assert '<small class="local-size">US 4-6</small>' in us
    assert "S (US 4-6) · $49.00" in us
