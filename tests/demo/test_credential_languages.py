"""The demo seller wrote its credentials' claims in every language viewers read pages in, so
the card pushed in the live room reads in the viewer's language (French, Arabic, Portuguese,
Polish, Japanese ... alike)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.app import create_app
from crosslive.content.models import APPROVED, ContentTranslation
from crosslive.demo import credential_texts, stage_moves
from crosslive.events.models import ShowEvent
from crosslive.live import service as live_service
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.trust.models import Credential

from .conftest import Seeded

LIVE_SHOW = "studio-desk-live"
OTHER_LANGUAGES = [tag for tag in i18n.SUPPORTED if tag != i18n.DEFAULT]


def _show(db: Session) -> Show:
    return db.scalars(select(Show).where(Show.slug == LIVE_SHOW)).one()


def _pushed(db: Session) -> Credential:
    """The credential the live show went live with on its card."""
    event = db.scalars(
        select(ShowEvent)
        .where(ShowEvent.show_id == _show(db).id, ShowEvent.kind == "credential_pushed")
        .order_by(ShowEvent.id)
    ).first()
    assert event is not None
    credential = db.get(Credential, event.payload["credential_id"])
    assert credential is not None
    return credential


def _claims(db: Session, credential_id: int) -> dict[str, tuple[str, str]]:
    rows = db.scalars(
        select(ContentTranslation).where(
            ContentTranslation.credential_id == credential_id, ContentTranslation.field == "claim"
        )
    )
    return {row.locale: (row.text, row.status) for row in rows}


def test_every_credential_the_live_show_can_push_has_its_claim_in_every_viewer_language(
    demo_db: Session,
) -> None:
    show = _show(demo_db)
    pushable: set[int] = {_pushed(demo_db).id}
    # What the host may push while each product of the line-up is pinned (rolled back).
    for item in show.lineup:
        for pinned in live_service.pinned_products(demo_db, show.id):
            live_service.unpin(demo_db, show, pinned.id)
        live_service.pin(demo_db, show, item.product_id)
        pushable |= set(stage_moves.pushable(demo_db, show, date.today()))
    assert len(pushable) >= 3
    for credential_id in sorted(pushable):
        claims = _claims(demo_db, credential_id)
        assert sorted(claims) == sorted(OTHER_LANGUAGES), credential_id
        # The seller's own words: approved, none of them the English left as it was.
        credential = demo_db.get(Credential, credential_id)
        assert credential is not None
        assert {status for _text, status in claims.values()} == {APPROVED}
        assert all(text != credential.claim for text, _status in claims.values())


def test_every_demo_credential_has_its_claim_written_in_every_viewer_language(
    demo_db: Session,
) -> None:
    credentials = list(demo_db.scalars(select(Credential)))
    assert set(credential_texts.CLAIMS) == {c.claim for c in credentials}
    assert set(credential_texts.ISSUERS) <= {c.issuer for c in credentials}
    for credential in credentials:
        assert sorted(_claims(demo_db, credential.id)) == sorted(OTHER_LANGUAGES), credential.claim
    for texts in credential_texts.ISSUERS.values():
        assert sorted(texts) == sorted(OTHER_LANGUAGES)


@pytest.mark.parametrize(
    ("accept_language", "lang"),
    [
        ("pt-BR,pt;q=0.9,en;q=0.5", "pt"),
        ("pl-PL,pl;q=0.9", "pl"),
        ("fr-FR,fr;q=0.9", "fr"),
        ("ar-SA,ar;q=0.9", "ar"),
        ("ja-JP,ja;q=0.9", "ja"),
    ],
)
def test_a_viewer_of_the_live_room_reads_the_pushed_claim_in_their_language(
    seeded: Seeded, accept_language: str, lang: str
) -> None:
    session = seeded.factory()
    credential = _pushed(session)
    session.close()
    written = credential_texts.CLAIMS[credential.claim][lang]
    app = create_app(seeded.settings)
    with TestClient(app) as client:
        card = client.get(
            f"/live/{LIVE_SHOW}/credentials/{credential.id}?country=DE",
            headers={"Accept-Language": accept_language},
        )
    state_of(app).engine.dispose()
    assert card.status_code == 200
    escaped = written.replace("'", "&#39;")
    assert f'<h3 class="credential-claim" dir="auto">{escaped}</h3>' in card.text
    assert credential.claim not in card.text
