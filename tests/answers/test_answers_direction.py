"""Values in an answer keep their own reading order: in a right-to-left template every value
stands in a first-strong isolate, and no bidi control from a seller's or a viewer's text
reaches a line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers import service
from crosslive.answers.rephrase import keeps_facts
from crosslive.answers.templates import text
from crosslive.catalog.models import Product
from crosslive.chat.service import clean_body
from crosslive.db import transaction
from crosslive.shows.models import Show
from crosslive.viewers import clean_name
from tests.answers.factories import AskShop

FSI, PDI = "\u2068", "\u2069"
CHARGER = "65 W GaN Charger, 3 Ports"
# LRE RLE PDF LRO RLO, LRI RLI FSI PDI
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _rename_shirt(factory: sessionmaker[Session], store: AskShop, title: str) -> None:
    with transaction(factory) as db:
        db.get_one(Product, store.shirt_id).title = title


def test_an_arabic_price_answer_isolates_the_latin_name_and_the_price(
    session_factory: sessionmaker[Session], db: Session, eng: service.Engine, store: AskShop
) -> None:
    _rename_shirt(session_factory, store, CHARGER)
    show = db.scalars(select(Show).where(Show.slug == "spring-drop")).one()
    answer = service.ask(
        db,
        eng,
        show=show,
        market_code="EU",
        question="كم سعر هذا؟",
        product_ref="acme-shirt",
        now=datetime.now(UTC),
    )
    assert (answer.language, answer.intent, answer.escalated) == ("ar", "price", False)
    assert answer.answer.startswith(f"سعر {FSI}{CHARGER}{PDI} هو {FSI}")
    assert answer.answer.endswith(f"{PDI}.")
    assert answer.answer.count(FSI) == answer.answer.count(PDI) == 2


def test_an_arabic_template_isolates_every_value() -> None:
    composed = text("ar", "{product} costs {price}.", product=CHARGER, price="€23.00")
    assert composed == f"سعر {FSI}{CHARGER}{PDI} هو {FSI}€23.00{PDI}."


def test_a_left_to_right_template_isolates_only_right_to_left_values() -> None:
    latin = text("en", "{product} costs {price}.", product=CHARGER, price="€23.00")
    arabic = text("en", "{product} costs {price}.", product="قميص كتان", price="€23.00")
    assert latin == f"{CHARGER} costs €23.00."
    assert arabic == f"{FSI}قميص كتان{PDI} costs €23.00."


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bidi_controls_in_a_value_are_dropped(lang: str) -> None:
    # An override or a stray PDI in a seller's title cannot reorder or escape the sentence.
    title = f"\u202e{CHARGER}\u2069\u2067"
    composed = text(lang, "{product} is sold out.", product=title)
    assert "\u202e" not in composed and "\u2067" not in composed
    assert composed.count(FSI) == composed.count(PDI) == (1 if lang == "ar" else 0)
    assert CHARGER in composed


def test_a_viewers_message_and_name_lose_every_bidi_control() -> None:
    assert clean_body(f"{BIDI_CONTROLS}price\u202e?{BIDI_CONTROLS}") == "price?"
    assert clean_name(f"Kim\u202e\u2066 Lee{BIDI_CONTROLS}") == "Kim Lee"


def test_a_rewording_must_keep_each_isolated_value() -> None:
    template = f"سعر {FSI}{CHARGER}{PDI} هو {FSI}23,00 €{PDI}."
    kept = f"{FSI}{CHARGER}{PDI} بسعر {FSI}23,00 €{PDI} فقط."
    assert keeps_facts(template, kept, [CHARGER])
    assert not keeps_facts(template, f"{CHARGER} بسعر 23,00 € فقط.", [CHARGER])
