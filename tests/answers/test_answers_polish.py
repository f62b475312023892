"""Instant answers for Polish viewers: the question's language, its intent from Polish words,
the answer from the store's facts in Polish, and escalation of what only the host answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.answers import entities, language, service
from crosslive.shows.models import Show
from tests.answers.factories import AskShop

NOW = datetime.now(UTC)
ESCALATED = "Twoje pytanie trafiło do prowadzącego, który wkrótce odpowie Ci tutaj."


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
    "text", ["Ile trwa wysyłka do Niemiec?", "Czy zwrot jest darmowy?", "Jaki rozmiar mam wybrać?"]
)
def test_a_polish_question_is_read_as_polish(text: str) -> None:
    assert language.detect(text) == "pl"


def test_a_country_named_in_polish_is_found() -> None:
    assert entities.country_in("Wysyłacie do Polski?") == "PL"
    assert entities.country_in("Ile trwa wysyłka do Niemiec?") == "DE"
    assert entities.country_in("Czy wysyłacie do Austrii?") == "AT"


@pytest.mark.parametrize(
    ("question", "intent", "reply"),
    [
        (
            "Ile trwa wysyłka do Niemiec?",
            "delivery",
            "Dostawa – Niemcy: 2-4 dni. Magazyn wysyłkowy: Amsterdam. "
            "Wysyłka kosztuje 5,00\xa0€. Wysyłka jest bezpłatna od 50,00\xa0€.",
        ),
        (
            "Czy mogę to zwrócić?",
            "returns",
            "Możesz zwrócić produkt w ciągu 30 dni. Magazyn zwrotów: Amsterdam. "
            "Płacimy za etykietę zwrotną: zwrot nic Cię nie kosztuje.",
        ),
        ("Ile kosztuje ta koszula?", "price", "Produkt Linen Shirt kosztuje 23,00\xa0€."),
        (
            "Z jakiego materiału jest ta koszula?",
            "material",
            "Materiał i pielęgnacja produktu Linen Shirt według sprzedawcy: "
            "100% European linen. Machine wash 30 °C, line dry.",
        ),
        ("Kiedy następna transmisja?", "next_show", "Nie zaplanowano jeszcze żadnej transmisji."),
    ],
)
def test_facts_are_answered_in_polish(
    db: Session, eng: service.Engine, store: AskShop, question: str, intent: str, reply: str
) -> None:
    answer = ask(db, eng, question)
    assert (answer.language, answer.intent, answer.escalated, answer.answer) == (
        "pl",
        intent,
        False,
        reply,
    )


@pytest.mark.parametrize(
    ("question", "intent"),
    [("Mogę zapłacić BLIKIEM?", "payment"), ("Czy to bezpieczne w ciąży?", "medical")],
)
def test_payment_and_health_questions_go_to_the_host_in_polish(
    db: Session, eng: service.Engine, store: AskShop, question: str, intent: str
) -> None:
    answer = ask(db, eng, question)
    assert (answer.language, answer.intent, answer.escalated, answer.answer, answer.sources) == (
        "pl",
        intent,
        True,
        ESCALATED,
        [],
    )


def test_an_answer_for_every_reader_includes_polish(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "How much is this shirt?", every_language=True)
    assert answer.language == "en" and answer.answer == "Linen Shirt costs €23.00."
    assert answer.others["pl"] == "Produkt Linen Shirt kosztuje 23,00\xa0€."
