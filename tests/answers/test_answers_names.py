"""Country, market and city names in instant answers read right for any name: each stands
after a colon or a dash, never after a preposition or article that would need its own
grammar ("nach Vereinigte Staaten", "entrepôt de Amsterdam", "Delivery to European Union")."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers import service, templates
from crosslive.db import transaction
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.shows.models import Show
from tests.answers.factories import AskShop

NOW = datetime.now(UTC)

# The words a name must not follow: prepositions, articles and their contractions.
BEFORE_A_NAME = {
    "en": "to in from of at the for into",
    "de": "nach in an aus ab von vom für bei zu zum zur der die das dem den des",
    "fr": "vers en à de du des au aux le la les pour depuis dans",
    "es": "a en de del al el la los las para desde hacia",
    "it": "in a di da per verso il lo la i gli le nel nella negli dal dalla del della",
}
NAMES = r"\{(place|city)\}"


def ask(db: Session, eng: service.Engine, market: str, question: str) -> service.Answer:
    show = db.scalars(select(Show).where(Show.slug == "spring-drop")).one()
    return service.ask(db, eng, show=show, market_code=market, question=question, now=NOW)


def _ship_us_from_amsterdam(factory: sessionmaker[Session], store: AskShop) -> None:
    """The US market's fastest route leaves from the Amsterdam warehouse (2-3 days)."""
    with transaction(factory) as tx:
        seller = store.shop.seller_id
        us = tx.scalars(select(Market).where(Market.seller_id == seller, Market.code == "US"))
        ams = tx.scalars(select(Warehouse).where(Warehouse.seller_id == seller))
        tx.add(
            WarehouseRoute(
                market_id=us.one().id,
                warehouse_id=next(w.id for w in ams if w.code == "AMS"),
                delivery_days_min=2,
                delivery_days_max=3,
            )
        )


@pytest.mark.parametrize("lang", sorted(BEFORE_A_NAME))
def test_no_template_puts_a_name_after_a_preposition_or_article(lang: str) -> None:
    english = templates.catalog("en")
    assert english is not None
    msgids = [str(m.id) for m in english if m.id and re.search(NAMES, str(m.id))]
    assert len(msgids) == 4
    words = "|".join(BEFORE_A_NAME[lang].split())
    wrong = re.compile(rf"(?i)(?:\b(?:{words})\s+|\b\w+['’]){NAMES}")
    catalog = templates.catalog(lang)
    assert catalog is not None
    for msgid in msgids:
        template = str(catalog[msgid].string or msgid)
        assert not wrong.search(template), template


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Wie lange dauert der Versand?",
            "Lieferung – Vereinigte Staaten: 2-3 Tage. Versandlager: Amsterdam. "
            "Der Versand ist kostenlos.",
        ),
        (
            "Combien de temps prend la livraison ?",
            "Livraison – États-Unis : 2-3 jours. Entrepôt d'expédition : Amsterdam. "
            "La livraison est gratuite.",
        ),
        (
            "How long does delivery take?",
            "Delivery – United States: 2-3 days from our Amsterdam warehouse. Shipping is free.",
        ),
    ],
)
def test_delivery_to_the_united_states_from_amsterdam_reads_right(
    db: Session,
    eng: service.Engine,
    store: AskShop,
    session_factory: sessionmaker[Session],
    question: str,
    expected: str,
) -> None:
    _ship_us_from_amsterdam(session_factory, store)
    db.expire_all()
    answer = ask(db, eng, "US", question)
    assert (answer.intent, answer.escalated) == ("delivery", False)
    assert answer.answer == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Kann ich es zurückgeben?", "Lager für Rücksendungen: Amsterdam."),
        ("Puis-je le retourner ?", "Entrepôt des retours : Amsterdam."),
        ("¿Puedo devolverlo?", "Almacén de devoluciones: Amsterdam."),
        ("Posso restituirlo?", "Magazzino per i resi: Amsterdam."),
    ],
)
def test_the_return_warehouse_in_amsterdam_reads_right(
    db: Session, eng: service.Engine, store: AskShop, question: str, sentence: str
) -> None:
    answer = ask(db, eng, "EU", question)
    assert answer.intent == "returns"
    assert sentence in answer.answer
    assert "de Amsterdam" not in answer.answer and "in Amsterdam" not in answer.answer


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Wie lange dauert der Versand nach Brasilien?",
            "Wir liefern nicht in dieses Land: Brasilien.",
        ),
        (
            "Combien de temps prend la livraison au Brésil ?",
            "Nous ne livrons pas dans ce pays : Brésil.",
        ),
    ],
)
def test_a_country_no_market_serves_is_named_after_a_colon(
    db: Session, eng: service.Engine, store: AskShop, question: str, expected: str
) -> None:
    answer = ask(db, eng, "EU", question)
    assert (answer.intent, answer.answer) == ("delivery", expected)
