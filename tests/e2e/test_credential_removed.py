"""An owner withdraws a credential while a viewer watches a live show: its card leaves the
open sheet and the pushed overlay without a reload, and the host console blocks it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import transaction
from crosslive.settings import Settings
from crosslive.trust import verification
from crosslive.trust.models import VerificationMethod, VerificationOutcome
from crosslive.trust.schemas import VerificationIn
from tests.chat.factories import PASSWORD, Room
from tests.e2e.host_room import host_console, live_room, open_page


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    return live_room(session_factory, settings)


@pytest.fixture
def host(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    with host_console(browser, live_server.url, room) as page:  # type: ignore[attr-defined]
        yield page


def _withdraw(factory: sessionmaker[Session], room: Room, credential_id: int) -> None:
    with transaction(factory) as db:
        seller = auth_service.get_seller(db, room.seller_id)
        owner = auth_service.create_staff(
            db, seller, email="o@acme.test", name="Olive", password=PASSWORD, role=Role.OWNER
        )
        data = VerificationIn(
            outcome=VerificationOutcome.WITHDRAWN,
            method=VerificationMethod.ISSUER_CONTACT,
            observed="The issuer revoked it",
        )
        verification.record_verification(db, owner, credential_id, data)


def test_withdrawn_credential_leaves_the_open_room(
    browser: Browser,
    live_server: object,
    host: Page,
    room: Room,
    session_factory: sessionmaker[Session],
) -> None:
    oeko = room.credentials["oeko"]
    host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    viewer = open_page(browser, f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    viewer.locator(".pin-open").click()
    sheet_card = viewer.locator(f'dialog.sheet[open] .trust [data-credential="{oeko}"]')
    expect(sheet_card).to_have_count(1)
    host.locator(f'.credential-list li[data-credential="{oeko}"] button').click()
    overlay = viewer.locator(".credential-overlay")
    expect(overlay).to_be_visible()
    _withdraw(session_factory, room, oeko)
    expect(sheet_card).to_have_count(0)
    expect(overlay).to_be_hidden()
    expect(host.locator(f'.credential-list li[data-credential="{oeko}"]')).to_have_class("blocked")
    viewer.context.close()
