"""A live room for browser tests of what a host pushes to viewers: the Acme store's show, live,
and its host logged in to the console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.shows.models import Show, ShowState
from tests.chat.factories import PASSWORD, Room, make_room


def live_room(factory: sessionmaker[Session], settings: Settings) -> Room:
    """The Acme store's room (tests.chat.factories.make_room) with its show live."""
    with transaction(factory) as db:
        seller_id = auth_service.create_seller(db, slug="acme", name="Acme Outfitters").id
    room = make_room(factory, settings, seller_id)
    with transaction(factory) as db:
        db.execute(update(Show).where(Show.id == room.show_id).values(state=ShowState.LIVE))
    return room


def open_page(browser: Browser, url: str, timeout_ms: int = 10_000) -> Page:
    """URL in a fresh English context (close it with page.context.close())."""
    page = browser.new_context(locale="en-US").new_page()
    page.set_default_timeout(timeout_ms)
    page.goto(url)
    return page


@contextmanager
def host_console(
    browser: Browser, base_url: str, room: Room, timeout_ms: int = 10_000
) -> Iterator[Page]:
    """ROOM's host, logged in, on the host console; the context closed after."""
    page = open_page(browser, f"{base_url}/admin/login?next=/host/{room.slug}", timeout_ms)
    try:
        page.fill("input[name=email]", room.host_email)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/host/{room.slug}")
        yield page
    finally:
        page.context.close()
