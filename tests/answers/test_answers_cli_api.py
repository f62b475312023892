"""`crosslive ask` prints one JSON object; `ask eval` scores a question set; the FAQ API
is for the store's owner; viewers ask through the show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from crosslive.answers import service
from crosslive.cli import app
from crosslive.settings import Settings
from tests.answers.factories import make_ask_shop

ASK = ["ask", "--store", "acme", "--show", "spring-drop"]


def _env(settings: Settings) -> dict[str, str]:
    return {
        "CROSSLIVE_DATA_DIR": str(settings.data_dir),
        "CROSSLIVE_DATABASE_URL": settings.resolved_database_url,
    }


def test_ask_prints_exactly_one_json_object(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    make_ask_shop(session_factory)
    result = CliRunner().invoke(
        app, [*ASK, "--market", "EU", "--json", "返品は無料ですか？"], env=_env(settings)
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    assert set(out) == {"answer", "language", "intent", "sources", "escalated", "ms"}
    assert (out["language"], out["intent"], out["escalated"]) == ("ja", "returns", False)
    assert out["sources"] == ["markets:EU:returns"]
    assert isinstance(out["ms"], float) and out["ms"] > 0


def test_ask_with_an_unknown_market_or_product_fails_clearly(
    settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    make_ask_shop(session_factory)
    runner = CliRunner()
    bad_market = runner.invoke(
        app, [*ASK, "--market", "ZZ", "--json", "Price?"], env=_env(settings)
    )
    assert bad_market.exit_code == 1 and "no market 'ZZ'" in bad_market.stderr
    bad_product = runner.invoke(
        app, [*ASK, "--market", "EU", "--product", "nope", "--json", "Price?"], env=_env(settings)
    )
    assert bad_product.exit_code == 1 and "no product 'nope'" in bad_product.stderr


def test_ask_eval_scores_a_question_set(
    settings: Settings, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    make_ask_shop(session_factory)
    data = tmp_path / "eval.jsonl"
    rows: list[dict[str, Any]] = [
        {
            "lang": "de",
            "market": "EU",
            "q": "Wie lange dauert der Versand?",
            "must": ["2-4"],
            "escalate": False,
        },
        {
            "lang": "en",
            "market": "US",
            "product": "acme-shirt",
            "q": "Is M in stock?",
            "must": ["M\\)", "25\\.00"],
            "escalate": False,
        },
        {"lang": "en", "market": "EU", "q": "Do you take Bitcoin?", "must": [], "escalate": True},
        {
            "lang": "fr",
            "market": "EU",
            "q": "Quel temps fait-il à Lyon ?",
            "must": [],
            "escalate": True,
        },
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["ask", "eval", "--data", str(data), "--store", "acme", "--show", "spring-drop", "--json"],
        env=_env(settings),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "fact_accuracy": 1.0,
        "language_match": 1.0,
        "escalation_recall": 1.0,
        "false_claims": 0,
        "questions": 4,
    }
    data.write_text('{"lang": "sv", "market": "EU", "q": "Frakt?", "must": [], "escalate": true}')
    bad = CliRunner().invoke(
        app, ["ask", "eval", "--data", str(data), "--json"], env=_env(settings)
    )
    assert bad.exit_code == 1 and "unsupported language 'sv'" in bad.stderr


def test_faq_api_owner_writes_staff_reads_and_viewers_ask(
    app_client: TestClient,
    auth_headers: dict[str, str],
    owner: dict[str, Any],
    session_factory: sessionmaker[Session],
) -> None:
    make_ask_shop(session_factory)
    entry = {
        "topic": "gift-wrap",
        "language": "en",
        "question": "Do you gift wrap?",
        "answer": "Yes, free.",
    }
    assert app_client.post("/api/v1/faq", json=entry).status_code == 401
    created = app_client.post("/api/v1/faq", json=entry, headers=auth_headers)
    assert created.status_code == 201, created.text
    assert app_client.post("/api/v1/faq", json=entry, headers=auth_headers).status_code == 409
    bad = app_client.post("/api/v1/faq", json={**entry, "language": "xx"}, headers=auth_headers)
    assert bad.status_code == 422
    listed = app_client.get("/api/v1/faq", headers=auth_headers).json()
    assert [(e["topic"], e["language"], e["answer"]) for e in listed] == [
        ("gift-wrap", "en", "Yes, free.")
    ]
    with session_factory() as db:
        assert service.list_faq(db, int(owner["seller_id"]))[0].embedding is not None
    asked = app_client.post(
        "/api/v1/live/spring-drop/ask",
        json={"question": "Can you gift-wrap it for me?", "market": "US"},
    )
    assert asked.status_code == 200, asked.text
    assert (asked.json()["intent"], asked.json()["answer"]) == ("faq", "Yes, free.")
    entry_id = created.json()["id"]
    assert app_client.delete(f"/api/v1/faq/{entry_id}", headers=auth_headers).status_code == 204
    assert app_client.get("/api/v1/faq", headers=auth_headers).json() == []
