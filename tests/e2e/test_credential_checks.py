"""What a viewer can check in a real browser: a credential staff verified against its
registry shows "Verified on" and the registry link built from its identifier (one only the
seller provided shows neither), and a credential that expires leaves a sheet a viewer has open
in the live room without a reload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth import service as auth_service
from crosslive.auth.models import Role
from crosslive.db import transaction
from crosslive.live import service as live
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.trust import service, verification
from crosslive.trust.models import VerificationMethod, VerificationOutcome
from crosslive.trust.schemas import CredentialUpdate, VerificationIn
from tests.chat.factories import PASSWORD, Room
from tests.e2e.host_room import live_room, open_page

LABEL = "23.HCN.58214"
REGISTRY = f"https://www.oeko-tex.com/en/detail?number={LABEL}"


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    return live_room(session_factory, settings)


def _change(
    factory: sessionmaker[Session], room: Room, credential_id: int, **fields: object
) -> None:
    with transaction(factory) as db:
        service.update_credential(db, room.seller_id, credential_id, CredentialUpdate(**fields))


def test_a_credential_staff_verified_shows_its_registry_link(
    browser: Browser, live_server: object, room: Room, session_factory: sessionmaker[Session]
) -> None:
    oeko = room.credentials["oeko"]
    _change(session_factory, room, oeko, issuer="OEKO-TEX", identifier=LABEL)
    url = f"{live_server.url}/s/acme/products/linen-shirt?country=US"  # type: ignore[attr-defined]
    viewer = open_page(browser, url)
    card = viewer.locator(f'[data-credential="{oeko}"]').first
    expect(card.locator(".credential-status")).to_have_text("Provided by the seller, not verified")
    expect(card.locator("a.registry")).to_have_count(0)
    with transaction(session_factory) as db:
        seller = auth_service.get_seller(db, room.seller_id)
        owner = auth_service.create_staff(
            db, seller, email="o@acme.test", name="Olive", password=PASSWORD, role=Role.OWNER
        )
        data = VerificationIn(
            outcome=VerificationOutcome.VERIFIED,
            method=VerificationMethod.REGISTRY,
            observed="Label valid, class I, linen shirts",
            registry_reference=REGISTRY,
        )
        verification.record_verification(db, owner, oeko, data)
    viewer.reload()
    expect(card.locator(".credential-status")).to_contain_text("Verified on")
    expect(card.locator("a.registry")).to_have_attribute("href", REGISTRY)
    viewer.context.close()


def test_a_credential_that_expires_leaves_the_open_sheet(
    browser: Browser, live_server: object, room: Room, session_factory: sessionmaker[Session]
) -> None:
    oeko, sales = room.credentials["oeko"], room.credentials["sales"]
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        live.pin(db, show, room.product_id)
    viewer = open_page(browser, f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    viewer.locator(".pin-open").first.click()
    sheet = viewer.locator("dialog.sheet[open] .trust")
    expect(sheet.locator(f'[data-credential="{oeko}"]')).to_have_count(1)
    yesterday = service.today() - timedelta(days=1)
    _change(session_factory, room, oeko, valid_until=yesterday)
    expect(sheet.locator(f'[data-credential="{oeko}"]')).to_have_count(0)
    expect(sheet.locator(f'[data-credential="{sales}"]')).to_have_count(1)
    expect(viewer.locator("dialog.sheet[open]")).to_be_visible()
    viewer.context.close()
