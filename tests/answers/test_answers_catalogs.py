"""Every supported language has every answer template, with the same placeholders; the
packaged exemplar vectors match the exemplars."""

from __future__ import annotations

import re

import pytest

from crosslive.answers import encoder, exemplars, templates


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("lang", [lang for lang in exemplars.LANGUAGES if lang != "en"])
def test_each_language_translates_every_template(lang: str) -> None:
    english = templates.catalog("en")
    assert english is not None
    msgids = [str(m.id) for m in english if m.id]
    assert len(msgids) >= 30
    assert templates.missing(lang, msgids) == []
    translated = templates.catalog(lang)
    assert translated is not None
    for msgid in msgids:
        assert _placeholders(str(translated[msgid].string)) == _placeholders(msgid), msgid


def test_every_language_has_examples_for_every_intent() -> None:
    for intent, by_lang in exemplars.EXEMPLARS.items():
        assert set(by_lang) == set(exemplars.LANGUAGES), intent
        assert all(len(texts) >= 2 for texts in by_lang.values()), intent


def test_packaged_exemplar_vectors_match_the_exemplars() -> None:
    """Edited exemplars.py? Run `crosslive ask index` so no process re-encodes them at start."""
    key = encoder.digest(exemplars.flat())
    vectors = encoder._read(encoder.PACKAGED, key)
    assert vectors is not None
    assert vectors.shape == (len(exemplars.flat()), 384)
