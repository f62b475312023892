"""Which language a viewer reads, and which language a chat line is written in."""

from __future__ import annotations

import pytest

from crosslive.translation.detect import LanguageIdentifier
from crosslive.translation.languages import from_accept_language, normalise, reader_language


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de-AT", "de"),
        ("JA", "ja"),
        ("zh_CN", "zh-Hans"),
        ("zh-Hans-SG", "zh-Hans"),
        ("zh-TW", None),
        ("pt-BR", None),
        ("", None),
    ],
)
def test_tags_map_to_supported_languages(tag: str, expected: str | None) -> None:
    assert normalise(tag) == expected


def test_accept_language_follows_the_browsers_weights() -> None:
    assert from_accept_language("pt-BR,pt;q=0.9,ko;q=0.5,ja;q=0.8") == "ja"
    assert from_accept_language("fr-CH, fr;q=0.9, en;q=0.8") == "fr"
    assert from_accept_language("pt-BR,nl;q=0.5") is None
    assert from_accept_language("de;q=bad,it") == "it"
    # The page's choice wins over the browser's; an unsupported choice falls back to it.
    assert reader_language("ko", "de-DE,de") == "ko"
    assert reader_language("xx", "de-DE,de") == "de"


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Wie lange dauert der Versand nach Deutschland?", "de"),
        ("返品は無料ですか？", "ja"),
        ("这个有 size M 吗", "zh-Hans"),
        ("이 가방 방수 되나요?", "ko"),
        ("هل الشحن مجاني إلى السعودية؟", "ar"),
        ("¿Cuánto cuesta el envío a México?", "es"),
        ("Est-ce que le sac est imperméable ?", "fr"),
        ("Quanto costa la spedizione in Italia?", "it"),
        ("Is the linen pre-washed?", "en"),
    ],
)
def test_chat_lines_are_identified(
    identifier: LanguageIdentifier, line: str, expected: str
) -> None:
    assert identifier.identify(line) == expected


def test_a_line_too_short_to_tell_is_the_writers_language(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("ok thx", hint="fr") == "fr"
    assert identifier.identify("ok", hint=None) is None
    assert identifier.identify("谢谢", hint="en") == "zh-Hans"


def test_the_writers_language_wins_when_the_model_finds_it_plausible(
    identifier: LanguageIdentifier,
) -> None:
    line = "Wie lange dauert der Versand nach Deutschland?"
    assert identifier.identify(line, hint="de") == "de"
    # Clearly another language: the model wins over the page's language.
    assert identifier.identify(line, hint="ja") == "de"
