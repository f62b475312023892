"""The show line `crosslive demo` prints: minutes ahead while the start is ahead, the time it
was due once it has passed (a rerun soon after the seeding), never "in 0 min"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from crosslive.demo.announce import startup_lines
from crosslive.demo.seed import DemoResult
from crosslive.settings import Settings

NOW = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)


def _show_line(starts_at: datetime, tmp_path: Path) -> str:
    result = DemoResult(
        created=False, store_slug="qinglan", store_name="Qinglan Studio", logins=[],
        show_slug="autumn", show_title="Autumn layers", show_starts_at=starts_at,
        live_show_slug="desk", live_show_title="Desk picks", products=18, credentials=15,
        markets=5,
    )  # fmt: skip
    settings = Settings(data_dir=tmp_path)
    lines = startup_lines(result, settings, NOW, 1.0, media=False)
    return next(line for line in lines if line.startswith("  Show:"))


def test_the_show_line_says_minutes_ahead_or_when_it_was_due(tmp_path: Path) -> None:
    ahead = _show_line(NOW + timedelta(minutes=5), tmp_path)
    assert ahead == "  Show:   'Autumn layers' starts at 04:05 UTC (in 5 min)"
    passed = _show_line(NOW - timedelta(minutes=25), tmp_path)
    assert passed == "  Show:   'Autumn layers' was due at 03:35 UTC"
