"""Scoring instant answers against a question set (JSON lines:
{"lang", "market", "product" (handle, optional), "q", "must": [regex], "escalate": bool}).

- fact_accuracy: of the questions to answer, the share answered (not escalated) with every
  `must` pattern found in the answer;
- language_match: the share answered in the question's language;
- escalation_recall: of the questions to escalate, the share escalated;
- false_claims: answers given where the question had to go to the host, plus answers naming
  a credential viewers may not see in that market."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from crosslive.answers import service
from crosslive.answers.exemplars import LANGUAGES
from crosslive.db import utcnow
from crosslive.shows.models import Show
from crosslive.trust import service as trust_service

DEMO_SHOW = "autumn-layers-desk-upgrades-live-from-hangzhou"


@dataclass(frozen=True)
class Case:
    lang: str
    market: str
    q: str
    must: list[str]
    escalate: bool
    product: str | None = None


def load(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            case = Case(
                lang=raw["lang"],
                market=raw["market"],
                q=raw["q"],
                must=list(raw.get("must", [])),
                escalate=bool(raw.get("escalate", False)),
                product=raw.get("product"),
            )
            for pattern in case.must:
                re.compile(pattern)
        except (KeyError, TypeError, json.JSONDecodeError, re.error) as exc:
            raise ValueError(f"{path}:{number}: {exc}") from exc
        if case.lang not in LANGUAGES:
            raise ValueError(f"{path}:{number}: unsupported language {case.lang!r}")
        cases.append(case)
    return cases


@dataclass
class Report:
    answered_right: int = 0
    to_answer: int = 0
    language_right: int = 0
    total: int = 0
    escalated_right: int = 0
    to_escalate: int = 0
    false_claims: int = 0
    ms: list[float] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def scores(self) -> dict[str, float | int]:
        return {
            "fact_accuracy": round(self.answered_right / self.to_answer, 4)
            if self.to_answer
            else 1.0,
            "language_match": round(self.language_right / self.total, 4) if self.total else 1.0,
            "escalation_recall": (
                round(self.escalated_right / self.to_escalate, 4) if self.to_escalate else 1.0
            ),
            "false_claims": self.false_claims,
            "questions": self.total,
        }


def hidden_claims(
    db: Session, seller_id: int, market_code: str, product_id: int | None
) -> list[str]:
    """The claims of the store's credentials a viewer in the market may not be told."""
    today = utcnow().date()
    return [
        c.claim
        for c in trust_service.list_credentials(db, seller_id)
        if trust_service.display_problems(c, today)
        or (c.market_codes and market_code not in c.market_codes)
    ]


def answer_case(db: Session, eng: service.Engine, show: Show, case: Case) -> service.Answer:
    """What a viewer of SHOW in the case's market is answered, now."""
    return service.ask(
        db,
        eng,
        show=show,
        market_code=case.market,
        question=case.q,
        product_ref=case.product,
        now=utcnow(),
    )


def run(db: Session, eng: service.Engine, cases: list[Case], *, store: str, show: str) -> Report:
    found = service.resolve_show(db, store, show)
    report = Report()
    for case in cases:
        answer = answer_case(db, eng, found, case)
        report.total += 1
        report.ms.append(answer.ms)
        report.language_right += answer.language == case.lang
        wrong: list[str] = []
        if case.escalate:
            report.to_escalate += 1
            if answer.escalated:
                report.escalated_right += 1
            else:
                report.false_claims += 1
                wrong.append("answered instead of escalating")
        else:
            report.to_answer += 1
            missing = [p for p in case.must if not re.search(p, answer.answer, re.IGNORECASE)]
            if answer.escalated:
                wrong.append("escalated")
            elif missing:
                wrong.append(f"missing {missing}")
            else:
                report.answered_right += 1
        product_id = None
        if answer.sources and not answer.escalated:
            claims = hidden_claims(db, found.seller_id, case.market.upper(), product_id)
            named = [c for c in claims if c and c in answer.answer]
            if named:
                report.false_claims += 1
                wrong.append(f"names hidden credentials {named}")
        if answer.language != case.lang:
            wrong.append(f"language {answer.language}")
        if wrong:
            report.failures.append(
                {"q": case.q, "intent": answer.intent, "answer": answer.answer, "why": wrong}
            )
    return report
