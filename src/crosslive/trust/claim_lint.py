"""Lint marketing text for claims a market bans or that need a credential.

`lint(text, market)` returns findings with character offsets into TEXT (Python string
indices). Rules live in claim_rules.py (environmental, FDA) and claim_rules_proof.py
(medical, sales rank, clinical proof, patents). A "warn" rule is lifted by the credential
named in its `proof` when the caller passes it in PROOFS.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from crosslive.errors import InvalidInput
from crosslive.trust.claim_rules import (
    CLIMATE_NEUTRAL_OFFSETS,
    FDA_APPROVED,
    GENERIC_ENVIRONMENTAL,
    Rule,
)
from crosslive.trust.claim_rules_proof import (
    CLINICALLY_PROVEN,
    MEDICAL_COSMETIC,
    PATENTED,
    SALES_RANK,
)

RULES: tuple[Rule, ...] = (
    CLIMATE_NEUTRAL_OFFSETS,
    GENERIC_ENVIRONMENTAL,
    FDA_APPROVED,
    MEDICAL_COSMETIC,
    SALES_RANK,
    CLINICALLY_PROVEN,
    PATENTED,
)
MARKETS = frozenset({"US", "EU", "UK", "JP", "KR"})
PROOFS = frozenset(rule.proof for rule in RULES if rule.proof)


def suggestion_in(rule_name: str, language: str) -> str | None:
    """RULE_NAME's rewording advice written in LANGUAGE (a tag such as "zh-Hans"), or None
    when the rule has none in that language (for a reader who is not the text's)."""
    base = language.replace("_", "-").split("-")[0].lower()
    rule = next((r for r in RULES if r.name == rule_name), None)
    return rule.suggestions.get(base) if rule is not None else None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    start: int
    end: int
    suggestion: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _market(market: str) -> str:
    code = market.strip().upper()
    if code not in MARKETS:
        raise InvalidInput(f"unknown market {market!r}; one of {', '.join(sorted(MARKETS))}")
    return code


def lint(text: str, market: str, proofs: Collection[str] = ()) -> list[Finding]:
    """The claims in TEXT that MARKET bans ("severe") or that need a credential ("warn"),
    in text order. PROOFS names the credentials the seller holds (see PROOFS)."""
    code = _market(market)
    unknown = set(proofs) - PROOFS
    if unknown:
        raise InvalidInput(f"unknown proof {sorted(unknown)}; one of {', '.join(sorted(PROOFS))}")
    findings: list[Finding] = []
    for rule in RULES:
        if not rule.applies(code) or (rule.proof and rule.proof in proofs):
            continue
        taken: list[tuple[int, int]] = []
        for language, pattern in rule.patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if start == end or any(s < end and start < e for s, e in taken):
                    continue
                if rule.skip and rule.skip(text, match):
                    continue
                taken.append((start, end))
                findings.append(
                    Finding(rule.name, rule.severity, start, end, rule.suggestion(language))
                )
    return sorted(findings, key=lambda f: (f.start, f.end, f.rule))


@dataclass(frozen=True)
class CorpusScore:
    recall: float
    false_positive_rate: float
    n: int
    missed: tuple[dict[str, object], ...] = ()
    false_positives: tuple[dict[str, object], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"recall": self.recall, "false_positive_rate": self.false_positive_rate, "n": self.n}


def read_corpus(path: Path) -> list[dict[str, object]]:
    """One {"market", "text", "bad"} object a line (blank lines skipped)."""
    rows: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{path}:{number}: not JSON ({exc.msg})") from None
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("market"), str)
            or not isinstance(row.get("text"), str)
            or not isinstance(row.get("bad"), bool)
        ):
            raise InvalidInput(
                f'{path}:{number}: needs "market" (text), "text" and "bad" (true/false)'
            )
        rows.append(row)
    return rows


def score(rows: Iterable[dict[str, object]]) -> CorpusScore:
    """Recall over the bad rows, false positive rate over the good ones: a row counts as
    flagged when it has any finding."""
    missed: list[dict[str, object]] = []
    false_pos: list[dict[str, object]] = []
    bad = good = 0
    for row in rows:
        flagged = bool(lint(str(row["text"]), str(row["market"])))
        if row["bad"]:
            bad += 1
            if not flagged:
                missed.append(row)
        else:
            good += 1
            if flagged:
                false_pos.append(row)
    return CorpusScore(
        recall=round((bad - len(missed)) / bad, 4) if bad else 1.0,
        false_positive_rate=round(len(false_pos) / good, 4) if good else 0.0,
        n=bad + good,
        missed=tuple(missed),
        false_positives=tuple(false_pos),
    )
