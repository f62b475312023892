"""Modules stay small enough to read in one sitting: at most MAX_LINES lines of Python or
JavaScript in the package, the tests and the benchmarks. Generated migrations and the demo
store's data tables are data, not code, and are exempt."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 400
EXEMPT = ("src/crosslive/migrations/versions/*.py", "src/crosslive/demo/*_data.py")


def _exempt(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return any(relative.match(pattern) for pattern in EXEMPT)


def test_no_module_is_longer_than_the_limit() -> None:
    modules = [
        path
        for folder in ("src", "tests", "benchmarks")
        for suffix in ("*.py", "*.js")
        for path in (ROOT / folder).rglob(suffix)
        if not _exempt(path)
    ]
    assert len(modules) > 200  # the walk really found the code
    too_long = {
        str(path.relative_to(ROOT)): count
        for path in modules
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}
