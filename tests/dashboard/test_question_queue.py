"""The host's question queue and the dashboard's "Viewer questions without an answer" read
one rule: a question the host answered, or the instant answers answered, waits for nobody;
one the instant answers handed to the host (escalated) still waits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers.service import Answer, record_answer
from crosslive.chat import service as chat_service
from crosslive.db import transaction
from crosslive.shows.models import ShowState
from tests.dashboard.helpers import links, tasks
from tests.dashboard.store_steps import add_question, answer, set_show
from tests.factories import Shop

QUEUED = re.compile(r'<li data-message="(\d+)"')
BADGE = re.compile(r"<span class=\"badge\" data-question-count>(\d+)</span>")


def _instant(
    factory: sessionmaker[Session], show_id: int, message_id: int, escalated: bool
) -> None:
    reply = Answer("Yes, at 30 °C.", "en", "care", ["product:1"], escalated, 12.0)
    with transaction(factory) as db:
        record_answer(db, show_id, message_id, reply)


def _queue_page(client: TestClient, path: str) -> tuple[list[int], int]:
    """The questions the host console's queue lists, and the count on its badge."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    queue = page.text.split('<ol class="question-list">', 1)[1].split("</ol>", 1)[0]
    badge = BADGE.search(page.text)
    assert badge is not None
    return [int(m) for m in QUEUED.findall(queue)], int(badge.group(1))


def _show_with_every_kind(factory: sessionmaker[Session], shop: Shop) -> dict[str, int]:
    set_show(factory, shop, ShowState.LIVE)
    ids = {
        kind: add_question(factory, shop.show_id, f"Question {kind}?")
        for kind in ("by_host", "instantly", "escalated", "waiting")
    }
    answer(factory, ids["by_host"])
    _instant(factory, shop.show_id, ids["instantly"], escalated=False)
    _instant(factory, shop.show_id, ids["escalated"], escalated=True)
    return ids


def test_the_queue_lists_what_the_dashboard_counts(
    owner_browser: TestClient, shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    ids = _show_with_every_kind(session_factory, shop)
    still_waiting = [ids["escalated"], ids["waiting"]]

    with session_factory() as db:
        assert [m.id for m in chat_service.open_questions(db, shop.show_id)] == still_waiting
        assert chat_service.unanswered_count(db, shop.seller_id) == 2
    assert tasks(owner_browser)["questions"] == 2
    # The dashboard's count links to the host console: its queue lists the same questions.
    queued, badge = _queue_page(owner_browser, links(owner_browser)["questions"])
    assert queued == still_waiting
    assert badge == 2
    api = owner_browser.get(f"/api/v1/host/{shop.show_slug}/questions")
    assert api.status_code == 200, api.text
    assert [q["message_id"] for q in api.json()] == still_waiting

    # Answering the rest, by the host or instantly, empties both.
    answer(session_factory, ids["escalated"])
    _instant(session_factory, shop.show_id, ids["waiting"], escalated=False)
    assert "questions" not in tasks(owner_browser)
    assert _queue_page(owner_browser, f"/host/{shop.show_slug}") == ([], 0)


@contextmanager
def _counted(factory: sessionmaker[Session]) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = factory.kw["bind"]

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def _queue_queries(factory: sessionmaker[Session], show_id: int) -> tuple[int, int]:
    with factory() as db, _counted(factory) as statements:
        queued = len(chat_service.open_questions(db, show_id))
    return queued, len(statements)


def test_the_queue_takes_the_same_queries_however_many_questions(
    shop: Shop, session_factory: sessionmaker[Session]
) -> None:
    _show_with_every_kind(session_factory, shop)
    queued, few = _queue_queries(session_factory, shop.show_id)
    assert queued == 2

    for n in range(30):
        message_id = add_question(session_factory, shop.show_id, f"More {n}?")
        if n % 3:
            _instant(session_factory, shop.show_id, message_id, escalated=n % 3 == 2)
    queued, many = _queue_queries(session_factory, shop.show_id)
    assert queued == 2 + 10 + 10  # 10 without an answer, 10 escalated
    assert many == few
