"""What a viewer gets when translation works, and when it does not: the cache, the glossary,
a provider that is down, slow or unreachable (always the original, never an error)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.translation.glossary import Glossary
from crosslive.translation.models import CachedTranslation
from crosslive.translation.providers import LibreTranslateProvider
from crosslive.translation.service import Translator
from tests.e2e.conftest import free_port
from tests.translation.libretranslate_server import LibreTranslateStub

QUESTION = "Ist die Tasche wasserdicht?"


def _translator(url: str, **kwargs: object) -> Translator:
    return Translator(LibreTranslateProvider(url, timeout=5), timeout=1.0, **kwargs)  # type: ignore[arg-type]


async def test_translated_once_then_read_from_the_cache(
    libretranslate: LibreTranslateStub, session_factory: sessionmaker[Session]
) -> None:
    translator = _translator(libretranslate.url, session_factory=session_factory)
    first = await translator.translate(QUESTION, "de", "ja")
    again = await translator.translate(QUESTION, "de", "ja")
    assert first == again
    assert (first.status, first.text, first.original) == (
        "translated",
        "そのバッグは防水ですか？",
        QUESTION,
    )
    assert len(libretranslate.requests) == 1
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(CachedTranslation)) == 1


async def test_one_request_per_target_language(libretranslate: LibreTranslateStub) -> None:
    done = await _translator(libretranslate.url).translate_to(QUESTION, "de", ["ja", "en", "de"])
    assert {k: (v.status, v.text) for k, v in done.items()} == {
        "de": ("same", QUESTION),
        "en": ("translated", "Is the bag waterproof?"),
        "ja": ("translated", "そのバッグは防水ですか？"),
    }
    assert sorted(r["target"] for r in libretranslate.requests) == ["en", "ja"]


async def test_a_provider_that_is_down_gives_the_original(
    libretranslate: LibreTranslateStub, session_factory: sessionmaker[Session]
) -> None:
    libretranslate.down = True
    result = await _translator(libretranslate.url, session_factory=session_factory).translate(
        QUESTION, "de", "ja"
    )
    assert (result.status, result.text) == ("unavailable", QUESTION)
    with session_factory() as db:  # a failure is not cached
        assert db.scalar(select(func.count()).select_from(CachedTranslation)) == 0


async def test_a_slow_provider_times_out_to_the_original(
    libretranslate: LibreTranslateStub,
) -> None:
    libretranslate.delay = 0.5
    translator = Translator(LibreTranslateProvider(libretranslate.url), timeout=0.1)
    result = await translator.translate(QUESTION, "de", "ja")
    assert (result.status, result.text) == ("unavailable", QUESTION)


async def test_an_unreachable_provider_gives_the_original() -> None:
    result = await _translator(f"http://127.0.0.1:{free_port()}").translate(QUESTION, "de", "ja")
    assert (result.status, result.text) == ("unavailable", QUESTION)


async def test_a_lost_placeholder_is_unavailable_not_a_mangled_name(
    libretranslate: LibreTranslateStub,
) -> None:
    translator = _translator(libretranslate.url, glossary=Glossary(["Crosslive"]))
    result = await translator.translate("I love Crosslive", "en", "ja")
    assert (result.status, result.text) == ("unavailable", "I love Crosslive")
    assert libretranslate.requests[0]["q"] == ["I love ZQX0QZ"]


def test_glossary_protects_whole_names_longest_first() -> None:
    glossary = Glossary(["Crosslive", "Crosslive Studio", "Ana"])
    protected = glossary.protect("Crosslive Studio bags, by Crosslive (not Banana)")
    assert protected.text == "ZQX0QZ bags, by ZQX1QZ (not Banana)"
    assert protected.names == ("Crosslive Studio", "Crosslive")
    assert Glossary.restore("Taschen ZQX0QZ, von zqx1qz", protected) == (
        "Taschen Crosslive Studio, von Crosslive"
    )
    assert Glossary.restore("Taschen von ZQX1QZ", protected) is None


async def test_a_rambling_answer_is_not_taken_for_a_translation(
    libretranslate: LibreTranslateStub,
) -> None:
    result = await _translator(libretranslate.url).translate("Hi there", "en", "ko")
    assert (result.status, result.text) == ("unavailable", "Hi there")
