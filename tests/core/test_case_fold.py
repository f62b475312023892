"""The case-insensitive "contains" match folds every letter, accented, Cyrillic or Greek, the
same way on SQLite as on PostgreSQL; LIKE wildcards in the search stay literal, and accents
are not stripped (PostgreSQL's ILIKE does not strip them either)."""

from __future__ import annotations

import pytest
from sqlalchemy import literal, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive import case_fold
from crosslive.db import transaction

MATCHES = [
    ("Hans MÜLLER", "müller"),
    ("hans müller", "MÜLLER"),
    ("ÉLODIE Durand", "élodie"),
    ("élodie durand", "ÉLODIE"),
    ("ÇAĞLAR İNCE", "çağlar ince"),
    ("ДМИТРИЙ", "дмитрий"),
    ("ΟΔΥΣΣΕΑΣ", "οδυσσεασ"),
    ("GROẞE Straße", "große"),
    ("Ana 100% Cotton", "100%"),
]
MISSES = [
    ("Hans Müller", "muller"),  # an accent is a different letter, as on PostgreSQL
    ("Ana 100x Cotton", "100%"),  # % is a percent sign, not "anything"
    ("ab", "a_"),  # _ is an underscore, not "one character"
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
