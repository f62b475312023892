"""The claim linter: rules, spans, markets, proofs, the corpus and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosslive.cli import app
from crosslive.errors import InvalidInput
from crosslive.trust.claim_lint import lint, read_corpus, score

CORPUS = Path(__file__).parent / "claims_corpus.jsonl"


def spans(text: str, market: str = "EU") -> list[tuple[str, str, str]]:
    """(rule, severity, the flagged text) per finding."""
    return [(f.rule, f.severity, text[f.start : f.end]) for f in lint(text, market)]


def test_corpus_recall_and_false_positives() -> None:
    rows = read_corpus(CORPUS)
    result = score(rows)
    assert result.missed == () and result.false_positives == ()
    assert (result.recall, result.false_positive_rate, result.n) == (1.0, 0.0, len(rows))
    languages_bad = {r["text"] for r in rows if r["bad"]}
    assert len(languages_bad) > 60 and sum(not r["bad"] for r in rows) > 100


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Eco-friendly bottle.", "Eco-friendly"),
        ("Environmentally friendly packaging", "Environmentally friendly"),
        ("The green choice for coffee.", "green"),
        ("Umweltfreundliche Tasche", "Umweltfreundliche"),
        ("Un sac écologique", "écologique"),
        ("Zapatillas sostenibles", "sostenibles"),
        ("環境に優しい素材", "環境に優しい"),
        ("环保购物袋", "环保"),
        ("Klimaneutral produziert.", "Klimaneutral"),
    ],
)
def test_generic_environmental_in_eu(text: str, flagged: str) -> None:
    assert spans(text) == [("generic-environmental", "severe", flagged)]


@pytest.mark.parametrize(
    "text",
    [
        "Green jacket",
        "Farbe: Grün",
        "Photos in natural light",
        "Built for a cold climate",
        "A greener shade of olive",
        "Eco-friendly, certified with the EU Ecolabel.",
        "Nachhaltig gepflegte Haut.",
    ],
)
def test_environmental_look_alikes_and_certified(text: str) -> None:
    assert lint(text, "EU") == []


def test_environmental_rule_is_eu_only() -> None:
    assert lint("Eco-friendly bottle.", "US") == []
    assert lint("Eco-friendly bottle.", "JP") == []


def test_offset_neutrality_is_banned_even_with_a_scheme() -> None:
    text = "EU Ecolabel. Climate neutral through offsetting."
    assert spans(text) == [("climate-neutral-offsets", "severe", "Climate neutral")]
    assert spans("Klimaneutral durch Kompensation.") == [
        ("climate-neutral-offsets", "severe", "Klimaneutral")
    ]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("FDA approved serum", "FDA approved"),
        ("Approved by the FDA", "Approved by the FDA"),
        ("Von der FDA zugelassen", "Von der FDA zugelassen"),
        ("Approuvé par la FDA", "Approuvé par la FDA"),
        ("Aprobado por la FDA", "Aprobado por la FDA"),
        ("FDA承認の美容液", "FDA承認"),
        ("FDA认证面霜", "FDA认证"),
    ],
)
def test_fda_approved(text: str, flagged: str) -> None:
    for market in ("US", "EU", "JP"):
        assert spans(text, market) == [("fda-approved", "severe", flagged)]


def test_fda_registered_and_negated_are_fine() -> None:
    assert lint("Made in an FDA-registered facility.", "US") == []
    assert lint("Not FDA approved.", "US") == []


def test_negation_hides_a_claim_but_not_only_does_not() -> None:
    assert lint("This cosmetic does not treat eczema.", "US") == []
    assert spans("Not only treats acne", "US") == [("medical-claim", "severe", "treats acne")]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Treats acne fast.", "Treats acne"),
        ("Cures chronic eczema", "Cures chronic eczema"),
        ("It heals.", "heals"),
        ("Heilt Neurodermitis", "Heilt"),
        ("Guérit l'eczéma", "Guérit"),
        ("Cura el acné", "Cura el acné"),
        ("ニキビが治る", "治る"),
        ("治愈湿疹", "治愈"),
    ],
)
def test_medical_claims(text: str, flagged: str) -> None:
    assert spans(text, "US") == [("medical-claim", "severe", flagged)]


@pytest.mark.parametrize(
    "text",
    [
        "Dog treats",
        "A treat for your skin",
        "Treats your skin to a spa day",
        "Jamón curado",
        "Unbehandeltes Holz",
        "Un style soigné",
        "治療中の方は医師にご相談ください。",
        "High heels",
    ],
)
def test_medical_look_alikes(text: str) -> None:
    assert lint(text, "US") == []


@pytest.mark.parametrize(
    ("rule", "text", "flagged", "proof"),
    [
        ("sales-rank", "The No. 1 serum in Korea", "No. 1", "sales_proof"),
        ("sales-rank", "Best-selling moisturizer", "Best-selling", "sales_proof"),
        ("sales-rank", "Deutschlands Nr. 1", "Deutschlands Nr. 1", "sales_proof"),
        ("sales-rank", "売上No.1の化粧水", "売上No.1", "sales_proof"),
        ("clinically-proven", "Clinically proven results", "Clinically proven", "test_report"),
        ("clinically-proven", "Cliniquement prouvé", "Cliniquement prouvé", "test_report"),
        ("clinically-proven", "临床证明有效", "临床证明", "test_report"),
        ("patented", "Our patented sole", "patented", "patent"),
        ("patented", "Patentiertes System", "Patentiertes", "patent"),
        ("patented", "特許取得の成分", "特許取得", "patent"),
    ],
)
def test_warn_rules_need_their_credential(rule: str, text: str, flagged: str, proof: str) -> None:
    assert spans(text, "UK") == [(rule, "warn", flagged)]
    assert lint(text, "UK", proofs={proof}) == []


@pytest.mark.parametrize(
    "text", ["Item No. 12", "Part #1 of the kit", "Size No. 1 in stock", "Patent leather shoes"]
)
def test_proof_look_alikes(text: str) -> None:
    assert lint(text, "US") == []


def test_spans_are_character_offsets_in_text_order() -> None:
    text = "Grün. 売上No.1！ Eco-friendly & clinically proven."
    found = lint(text, "EU")
    assert [(f.rule, text[f.start : f.end]) for f in found] == [
        ("sales-rank", "売上No.1"),
        ("generic-environmental", "Eco-friendly"),
        ("clinically-proven", "clinically proven"),
    ]
    assert found[0].start == 6


def test_suggestion_is_in_the_claims_language() -> None:
    (finding,) = lint("Heilt Neurodermitis", "EU")
    assert "Kosmetik" in finding.suggestion
    (finding,) = lint("FDA承認", "JP")
    assert "FDA登録施設" in finding.suggestion


def test_bad_market_and_proof_are_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown market"):
        lint("text", "XX")
    with pytest.raises(InvalidInput, match="unknown proof"):
        lint("text", "EU", proofs={"vibes"})


def test_corpus_rows_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"market": "EU", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=":1:"):
        read_corpus(path)


def test_cli_lint_text_json() -> None:
    result = CliRunner().invoke(
        app, ["trust", "lint", "--market", "EU", "--json", "Eco-friendly dog treats"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "findings": [
            {
                "rule": "generic-environmental",
                "severity": "severe",
                "start": 0,
                "end": 12,
                "suggestion": lint("Eco-friendly", "EU")[0].suggestion,
            }
        ]
    }


def test_cli_lint_corpus_json(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rows = [
        {"market": "EU", "text": "Eco-friendly", "bad": True},
        {"market": "EU", "text": "Green jacket", "bad": True},
        {"market": "EU", "text": "Dog treats", "bad": False},
        {"market": "US", "text": "Best-selling", "bad": False},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["trust", "lint", "--corpus", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"recall": 0.5, "false_positive_rate": 0.5, "n": 4}


def test_cli_lint_errors() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["trust", "lint", "--market", "XX", "text"]).exit_code == 1
    assert runner.invoke(app, ["trust", "lint"]).exit_code == 2
