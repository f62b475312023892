"""Instant answers for Dutch viewers: the question's language, its intent from Dutch words,
the answer from the store's facts in Dutch, and escalation of what only the host answers
(iDEAL, achteraf betalen, rembours: the store takes cards through Stripe only)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.answers import entities, language, service
from crosslive.answers.escalation import escalation
from crosslive.shows.models import Show
from tests.answers.factories import AskShop

NOW = datetime.now(UTC)
ESCALATED = "Je vraag is doorgestuurd naar de host, die je hier zo antwoord geeft."


def ask(
    db: Session, eng: service.Engine, question: str, *, every_language: bool = False
) -> service.Answer:
    show = db.scalars(select(Show).where(Show.slug == "spring-drop")).one()
    return service.ask(
        db,
        eng,
        show=show,
        market_code="EU",
        question=question,
        product_ref="acme-shirt",
        now=NOW,
        every_language=every_language,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Hoe lang duurt de verzending naar Duitsland?",
        "Kan ik het terugsturen?",
        "Welke maat moet ik nemen?",
        "Wat kost dit shirt?",  # the lite model alone reads it as French
    ],
)
def test_a_dutch_question_is_read_as_dutch(text: str) -> None:
    assert language.detect(text) == "nl"


def test_a_country_named_in_dutch_is_found() -> None:
    assert entities.country_in("Verzenden jullie naar België?") == "BE"
    assert entities.country_in("Hoe lang duurt de verzending naar Duitsland?") == "DE"
    assert entities.country_in("Versturen jullie naar Engeland?") == "GB"


@pytest.mark.parametrize(
    ("question", "intent", "reply"),
    [
        (
            "Hoe lang duurt de verzending naar Duitsland?",
            "delivery",
            "Bezorging – Duitsland: 2-4 dagen. Verzendmagazijn: Amsterdam. "
            "Verzending kost €\xa05,00. Verzending is gratis vanaf €\xa050,00.",
        ),
        (
            "Kan ik het retourneren?",
            "returns",
            "Je kunt het binnen 30 dagen retourneren. Retourmagazijn: Amsterdam. "
            "Wij betalen het retourlabel: retourneren kost je niets.",
        ),
        ("Wat kost dit overhemd?", "price", "Linen Shirt kost €\xa023,00."),
        (
            "Van welk materiaal is dit overhemd gemaakt?",
            "material",
            "Materiaal en onderhoud van Linen Shirt, zoals de verkoper het beschrijft: "
            "100% European linen. Machine wash 30 °C, line dry.",
        ),
        ("Wanneer is de volgende show?", "next_show", "Er is nog geen show gepland."),
    ],
)
def test_facts_are_answered_in_dutch(
    db: Session, eng: service.Engine, store: AskShop, question: str, intent: str, reply: str
) -> None:
    answer = ask(db, eng, question)
    assert (answer.language, answer.intent, answer.escalated, answer.answer) == (
        "nl",
        intent,
        False,
        reply,
    )


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Kan ik met iDEAL betalen?", "payment"),
        ("Kan ik achteraf betalen met Klarna?", "payment"),
        ("Kan ik onder rembours betalen?", "payment"),
        ("Is het veilig tijdens de zwangerschap?", "medical"),
        ("Hebben jullie een kortingscode?", "other"),
    ],
)
def test_payment_health_and_discount_questions_go_to_the_host_in_dutch(
    db: Session, eng: service.Engine, store: AskShop, question: str, intent: str
) -> None:
    answer = ask(db, eng, question)
    assert (answer.language, answer.intent, answer.escalated, answer.answer, answer.sources) == (
        "nl",
        intent,
        True,
        ESCALATED,
        [],
    )


def test_an_english_ideal_is_not_a_payment_method() -> None:
    assert escalation("Is this jacket ideal for hiking?") is None
    assert escalation("Betalen via ideal?") == "payment"


def test_an_answer_for_every_reader_includes_dutch(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "How much is this shirt?", every_language=True)
    assert answer.language == "en" and answer.answer == "Linen Shirt costs €23.00."
    assert answer.others["nl"] == "Linen Shirt kost €\xa023,00."
