"""The demo store's insights have figures on every page: who watched each past show and what
they did, its video quality (one show played worse), and the credentials' conversion."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.demo.past_data import PAST_SHOWS
from crosslive.demo.store_data import STORE_SLUG
from crosslive.insights import service
from crosslive.insights.scope import Filters


def test_every_past_show_has_a_funnel_viewers_and_quality(demo_db: Session) -> None:
    shows = service.store_report(demo_db, STORE_SLUG, "shows", Filters())
    funnel = {r["show"]: r for r in shows.tables["funnel"].rows}
    viewers = {r["show"]: r for r in shows.tables["viewers"].rows}
    for spec in PAST_SHOWS:
        row = funnel[spec.title]
        assert row["viewers"] > row["sheet_opened"] >= row["checkout_started"] >= row["ordered"] > 0
        assert row["ordered"] >= row["paid"] >= row["kept"]
        assert viewers[spec.title]["peak_concurrent"] > 0
        assert viewers[spec.title]["avg_concurrent"] is not None
    assert {r["market"] for r in shows.tables["markets"].rows} >= {"US"}
    quality = service.store_report(demo_db, STORE_SLUG, "quality", Filters())
    assert quality.tables["overall"].rows[0]["ttff_p95_ms"] is not None
    assert {r["device"] for r in quality.tables["by_device"].rows} == {"desktop", "phone", "tablet"}
    flagged = {r["show"] for r in quality.tables["warnings"].rows}
    assert flagged == {PAST_SHOWS[1].title}


def test_credentials_have_enough_viewers_for_a_rate(demo_db: Session) -> None:
    effects = service.store_report(demo_db, STORE_SLUG, "effects", Filters())
    rows = effects.tables["credentials"].rows
    assert any(r["conversion"] is not None and r["ci_low"] is not None for r in rows)
