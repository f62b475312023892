"""What a viewer sees of a credential: "verified" with the date and the registry link only
after staff verified it; otherwise "provided by the seller", or nothing, per store setting."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.auth.models import Seller
from crosslive.db import transaction
from crosslive.live import service as live_service
from crosslive.shows.models import Show
from crosslive.trust.models import (
    Credential,
    CredentialVerification,
    VerificationMethod,
    VerificationOutcome,
)
from tests.chat.factories import Room

CHECKED = "https://www.oeko-tex.com/en/detail?number=ID-oeko"


@pytest.fixture
def pinned(session_factory: sessionmaker[Session], room: Room) -> Room:
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
    return room


def _verify(factory: sessionmaker[Session], credential_id: int, outcome: str = "verified") -> None:
    with transaction(factory) as db:
        credential = db.get(Credential, credential_id)
        assert credential is not None
        credential.verifications.append(
            CredentialVerification(
                staff_name="Olive",
                outcome=VerificationOutcome(outcome),
                method=VerificationMethod.REGISTRY,
                observed="valid",
                registry_reference=CHECKED,
            )
        )


def _hide_unverified(factory: sessionmaker[Session], seller_id: int) -> None:
    with transaction(factory) as db:
        seller = db.get(Seller, seller_id)
        assert seller is not None
        seller.unverified_credentials = "hidden"


def _card(html: str, credential_id: int) -> str:
    start = html.index(f'data-credential="{credential_id}"')
    return html[start : html.index("</article>", start)]


def test_unverified_is_marked_as_the_sellers_without_a_registry_link(
    app_client: TestClient, pinned: Room
) -> None:
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    card = _card(html, pinned.credentials["oeko"])
    assert "Provided by the seller, not verified" in card
    assert 'class="registry"' not in card and "Verified on" not in card


def test_verified_shows_the_date_and_the_page_staff_checked(
    app_client: TestClient, pinned: Room, session_factory: sessionmaker[Session]
) -> None:
    _verify(session_factory, pinned.credentials["oeko"])
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    card = _card(html, pinned.credentials["oeko"])
    assert '<p class="credential-status verified">Verified on 20' in card
    assert f'<a class="registry" href="{CHECKED.replace("&", "&amp;")}"' in card
    assert "Provided by the seller" not in card
    german = app_client.get(
        f"/live/{pinned.slug}?country=US", headers={"Accept-Language": "de"}
    ).text
    # Days as the page's language writes them, not ISO's 2026-12-05.
    german_card = _card(german, pinned.credentials["oeko"])
    assert re.search(r"Verifiziert am \d{2}\.\d{2}\.\d{4}<", german_card), german_card
    assert re.search(
        r"<time datetime=\"\d{4}-\d{2}-\d{2}\">\d{2}\.\d{2}\.\d{4}</time>", german_card
    )


def test_store_setting_hides_unverified_but_not_verified(
    app_client: TestClient, pinned: Room, session_factory: sessionmaker[Session]
) -> None:
    _verify(session_factory, pinned.credentials["oeko"])
    _hide_unverified(session_factory, pinned.seller_id)
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    assert f'data-credential="{pinned.credentials["oeko"]}"' in html
    assert f'data-credential="{pinned.credentials["sales"]}"' not in html
    pushed = app_client.get(
        f"/live/{pinned.slug}/credentials/{pinned.credentials['sales']}?country=US"
    )
    assert pushed.status_code == 204


def test_withdrawn_disappears_from_the_sheet_and_the_push(
    app_client: TestClient, pinned: Room, session_factory: sessionmaker[Session]
) -> None:
    oeko = pinned.credentials["oeko"]
    _verify(session_factory, oeko)
    _verify(session_factory, oeko, "withdrawn")
    html = app_client.get(f"/live/{pinned.slug}?country=US").text
    assert f'data-credential="{oeko}"' not in html
    assert app_client.get(f"/live/{pinned.slug}/credentials/{oeko}?country=US").status_code == 204
    assert app_client.get(f"/api/v1/public/credentials/{oeko}/evidence").status_code == 404
