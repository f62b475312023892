"""The case-insensitive "contains" match folds every letter, accented, Cyrillic or Greek, the
same way on SQLite as on PostgreSQL; LIKE wildcards in the search stay literal, and accents
are not stripped (PostgreSQL's ILIKE does not strip them either)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, literal, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker

from crosslive import case_fold
from crosslive import db as database
from crosslive.db import transaction

MATCHES = [
    ("Hans MÜLLER", "müller"),
    ("hans müller", "MÜLLER"),
    ("ÉLODIE Durand", "élodie"),
    ("élodie durand", "ÉLODIE"),
    ("ÇAĞLAR İNCE", "çağlar ince"),
    ("ÇAĞLAR İNCE", "ince"),  # a search in ASCII: İ is the one capital beyond it that folds
    ("\u212aATE", "kate"),  # into it, with the Kelvin sign
    ("İSTANBUL", "Istanbul"),
    ("ДМИТРИЙ", "дмитрий"),
    ("ΟΔΥΣΣΕΑΣ", "οδυσσεασ"),
    ("GROẞE Straße", "große"),
    ("Ana 100% Cotton", "100%"),
    ("ÉTÉ_2026 Ürün", "été_2026 ü"),
]
MISSES = [
    ("Hans Müller", "muller"),  # an accent is a different letter, as on PostgreSQL
    ("HANS MÜLLER", "muller"),
    ("Hans Muller", "müller"),
    ("Ana 100x Cotton", "100%"),  # % is a percent sign, not "anything"
    ("ab", "a_"),  # _ is an underscore, not "one character"
    ("ÉTÉX2026", "été_2026"),
    (None, "a"),
]


def _contains(factory: sessionmaker[Session], stored: str | None, search: str) -> bool | None:
    with transaction(factory) as db:
        return db.scalar(select(case_fold.contains(literal(stored), search)))


@pytest.mark.parametrize(("stored", "search"), MATCHES)
def test_every_letter_folds_on_both_databases(
    session_factory: sessionmaker[Session], stored: str, search: str
) -> None:
    assert _contains(session_factory, stored, search) is True


@pytest.mark.parametrize(("stored", "search"), MISSES)
def test_no_match_without_the_same_letters(
    session_factory: sessionmaker[Session], stored: str | None, search: str
) -> None:
    assert not _contains(session_factory, stored, search)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("MÜLLER", "müller"),
        ("İSTANBUL", "istanbul"),  # one letter for one, as PostgreSQL's lower() gives
        ("ΟΔΟΣ", "οδοσ"),  # no final-sigma rule, as in PostgreSQL
        ("ẞ", "ß"),
        ("Abc-9", "abc-9"),
        ("", ""),
        (None, None),
    ],
)
def test_fold_lowers_one_letter_for_one(text: str | None, folded: str | None) -> None:
    assert case_fold.fold(text) == folded


def test_only_a_search_beyond_ascii_calls_into_python_on_sqlite() -> None:
    """A search in ASCII keeps SQLite's own lower(), far cheaper than a Python call per row."""

    def sql(text: str) -> str:
        condition = case_fold.contains(literal("x"), text)
        return str(select(condition).compile(dialect=sqlite.dialect()))

    assert case_fold.SQLITE_FOLD not in sql("Buyer 1@example.com")
    assert "replace" not in sql("Buyer 1@example.com")  # no "i" or "k": nothing to replace
    assert "replace" in sql("ince") and case_fold.SQLITE_FOLD not in sql("ince")
    assert case_fold.SQLITE_FOLD in sql("müller")
    assert case_fold.SQLITE_FOLD in sql("ÉLODIE")


def test_the_letters_that_fold_into_ascii_are_all_replaced_first() -> None:
    """The ASCII search's shortcut holds for every letter this Python's Unicode knows."""
    into_ascii = {
        chr(c): case_fold.fold(chr(c))
        for c in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= c <= 0xDFFF and (case_fold.fold(chr(c)) or "").isascii()
    }
    assert into_ascii == case_fold.TO_ASCII


def test_sqlite_folds_in_python_only_the_rows_whose_ascii_letters_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folded: list[str | None] = []

    def counted(text: str | None) -> str | None:
        folded.append(text)
        return case_fold.fold(text)

    monkeypatch.setattr(database, "fold", counted)
    engine = database.make_engine(f"sqlite:///{tmp_path / 'fold.db'}")
    names = Table("names", MetaData(), Column("name", String))
    with engine.begin() as conn:
        names.create(conn)
        rows = ["Hans MÜLLER", "Hans MILLER", "Hans Muller", "Élodie", "Bo Li", "ДМИТРИЙ"]
        conn.execute(insert(names), [{"name": n} for n in rows])
        found = conn.scalars(select(names.c.name).where(case_fold.contains(names.c.name, "müller")))
        assert list(found) == ["Hans MÜLLER"]
        assert folded == ["Hans MÜLLER", "Hans MILLER", "Hans Muller"]  # "m_ller" matched
        folded.clear()
        assert conn.scalar(select(func.count()).where(case_fold.contains(names.c.name, "li"))) == 1
        assert folded == []  # an ASCII search stays in SQLite
    engine.dispose()
