"""The optional rewording of instant answers by an OpenAI-compatible endpoint (a fake one on
loopback): sent when it keeps every fact of the template's answer, discarded (the template
sent instead) when a number, amount, currency or name differs, or when the endpoint fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.answers import rephrase, service
from crosslive.answers.rephrase import Rephraser, keeps_facts
from crosslive.settings import Settings
from crosslive.shows.models import Show
from tests.answers.factories import AskShop
from tests.answers.fake_openai import FakeChatServer

NOW = datetime.now(UTC)
QUESTION = "Wie lange dauert der Versand nach Deutschland?"
TEMPLATE = (
    "Lieferung – Deutschland: 2-4 Tage. Versandlager: Amsterdam. "
    "Der Versand kostet 5,00\xa0€. Ab 50,00\xa0€ ist der Versand kostenlos."
)
FAITHFUL = (
    "Nach Deutschland liefern wir in 2-4 Tagen aus unserem Lager in Amsterdam. Der Versand "
    "kostet 5,00\xa0€, ab 50,00\xa0€ ist er kostenlos."
)


@pytest.fixture
def chat() -> Iterator[FakeChatServer]:
    server = FakeChatServer()
    server.start()
    yield server
    server.stop()


def _ask(
    db: Session, eng: service.Engine, question: str, rephraser: Rephraser | None
) -> service.Answer:
    show = db.scalars(select(Show).where(Show.slug == "spring-drop")).one()
    return service.ask(
        db, eng, show=show, market_code="EU", question=question, now=NOW, rephraser=rephraser
    )


def test_a_rewording_that_keeps_every_fact_is_sent(
    db: Session, eng: service.Engine, store: AskShop, chat: FakeChatServer
) -> None:
    assert _ask(db, eng, QUESTION, None).answer == TEMPLATE  # what the template says
    chat.replies[TEMPLATE] = FAITHFUL
    answer = _ask(db, eng, QUESTION, Rephraser(chat.url, "sk-test", "small-model", 2.0))
    assert answer.answer == FAITHFUL
    assert answer.sources == ["markets:EU:delivery", "landed:EU:shipping_fee"]  # the template's
    [sent] = chat.requests
    assert (sent["model"], sent["temperature"], sent["authorization"]) == (
        "small-model",
        0,
        "Bearer sk-test",
    )
    assert "in German" in sent["messages"][0]["content"]
    assert sent["messages"][1]["content"] == TEMPLATE


@pytest.mark.parametrize(
    "unfaithful",
    [
        # A number changed: 1-3 days instead of 2-4.
        FAITHFUL.replace("2-4", "1-3"),
        # An amount changed, and one dropped.
        FAITHFUL.replace("5,00", "4,00"),
        FAITHFUL.replace(", ab 50,00\xa0€ ist er kostenlos", ""),
        # Another currency.
        FAITHFUL.replace("€", "$"),
        # Another warehouse city; another country.
        FAITHFUL.replace("Amsterdam", "Newark"),
        FAITHFUL.replace("Deutschland", "Österreich"),
        # A product the template did not name.
        FAITHFUL + " Das Shop Linen Shirt ist auch schnell da.",
    ],
)
def test_a_rewording_that_changes_a_fact_is_discarded_for_the_template(
    db: Session, eng: service.Engine, store: AskShop, chat: FakeChatServer, unfaithful: str
) -> None:
    chat.replies[TEMPLATE] = unfaithful
    answer = _ask(db, eng, QUESTION, Rephraser(chat.url, timeout_s=2.0))
    assert len(chat.requests) == 1  # it was asked, and its answer refused
    assert answer.answer == TEMPLATE


def test_an_endpoint_down_or_too_slow_leaves_the_template(
    db: Session, eng: service.Engine, store: AskShop, chat: FakeChatServer
) -> None:
    chat.replies[TEMPLATE] = FAITHFUL
    chat.down = True
    assert _ask(db, eng, QUESTION, Rephraser(chat.url, timeout_s=2.0)).answer == TEMPLATE
    chat.down, chat.delay = False, 1.0
    assert _ask(db, eng, QUESTION, Rephraser(chat.url, timeout_s=0.2)).answer == TEMPLATE
    nobody = Rephraser("http://127.0.0.1:9/v1", timeout_s=0.5)  # nothing listens there
    assert _ask(db, eng, QUESTION, nobody).answer == TEMPLATE


def test_a_hand_over_to_the_host_is_never_reworded(
    db: Session, eng: service.Engine, store: AskShop, chat: FakeChatServer
) -> None:
    answer = _ask(db, eng, "Kann ich mit PayPal bezahlen?", Rephraser(chat.url, timeout_s=2.0))
    assert answer.escalated
    assert chat.requests == []


def test_the_fact_check_on_its_own() -> None:
    names = rephrase.protected_names(["Linen Shirt"], ["Amsterdam"], "ja")
    template = "7日以内なら返品できます。返品先はAmsterdamの倉庫です。"
    assert keeps_facts(template, "返品は7日以内に、Amsterdamの倉庫へお送りください。", names)
    # Full-width digits are the same number; another one is not.
    assert keeps_facts(template, "返品は７日以内に、Amsterdamの倉庫へお送りください。", names)
    assert not keeps_facts(template, "返品は14日以内に、Amsterdamの倉庫へお送りください。", names)
    # A date's month may not change even where its digits stay.
    english = rephrase.protected_names([], [], "en")
    assert not keeps_facts(
        "The next show starts on December 4 at 18:00 UTC.",
        "Our next show is on November 4 at 18:00 UTC.",
        english,
    )


def test_rewording_is_off_unless_an_endpoint_is_set(settings: Settings) -> None:
    assert Rephraser.from_settings(settings) is None
    on = settings.model_copy(
        update={
            "answers_rephrase_url": "http://127.0.0.1:8080/v1/",
            "answers_rephrase_api_key": SecretStr("k"),
            "answers_rephrase_timeout_seconds": 0.8,
        }
    )
    assert Rephraser.from_settings(on) == Rephraser("http://127.0.0.1:8080/v1", "k", "", 0.8)
