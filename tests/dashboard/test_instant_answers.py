"""A question the instant answers answered waits for nobody: the dashboard counts only the
questions neither the host nor the instant answers answered (an answer escalated to the
host leaves the question waiting)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers.service import Answer, record_answer
from crosslive.chat import service as chat_service
from crosslive.db import transaction
from crosslive.events import service as events
from crosslive.shows.models import ShowState
from tests.dashboard.helpers import tasks
from tests.dashboard.store_steps import add_question, answer, set_show
from tests.factories import Shop


def _instant(
    factory: sessionmaker[Session], show_id: int, message_id: int, escalated: bool
) -> None:
    reply = Answer("Yes, at 30 °C.", "en", "care", ["product:1"], escalated, 12.0)
    with transaction(factory) as db:
        record_answer(db, show_id, message_id, reply)


def test_questions_the_instant_answers_answered_are_not_waiting(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    set_show(session_factory, shop, ShowState.LIVE)
    by_host, instantly, escalated, open_ = (
        add_question(session_factory, shop.show_id, f"Question {n}?") for n in range(4)
    )
    with transaction(session_factory) as db:  # an answer under no chat message hides none
        events.record(db, shop.show_id, "auto_answer", {"answer": "Yes.", "escalated": False})
    assert tasks(owner_browser)["questions"] == 4

    answer(session_factory, by_host)
    _instant(session_factory, shop.show_id, instantly, escalated=False)
    _instant(session_factory, shop.show_id, escalated, escalated=True)
    assert tasks(owner_browser)["questions"] == 2  # the escalated one and the open one
    with session_factory() as db:
        assert chat_service.unanswered_count(db, shop.seller_id) == 2

    answer(session_factory, escalated)
    _instant(session_factory, shop.show_id, open_, escalated=False)
    assert "questions" not in tasks(owner_browser)
