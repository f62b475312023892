"""One contract every translation provider keeps, run against the real thing where it can
run here: Debian's Apertium for the pairs it packages, and, for the pairs no offline engine
has (de, ja, ...), the LibreTranslate, DeepL and OpenAI-compatible protocols against a local
server speaking them (protocol tests: they check how crosslive talks to each, not
translation quality)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from crosslive.translation.glossary import Glossary
from crosslive.translation.providers import (
    ApertiumProvider,
    DeepLProvider,
    LibreTranslateProvider,
    OpenAIChatProvider,
    PairUnavailable,
    TranslationProvider,
)
from crosslive.translation.service import Translator
from tests.translation.libretranslate_server import LibreTranslateStub

Case = tuple[str, str, str, str]  # source, target, text, expected


@dataclass
class Backend:
    provider: TranslationProvider
    cases: list[Case]  # exact outputs of this provider
    glossary_case: Case  # "Crosslive" must come through untranslated
    missing_pair: tuple[str, str]


APERTIUM_CASES: list[Case] = [
    ("en", "es", "The bag is very beautiful", "El bolso es muy bello"),
    ("es", "en", "¿Cuánto cuesta el envío?", "How much costs the sending?"),
    ("es", "fr", "El bolso es muy bonito", "Le sac est très joli"),
    ("fr", "es", "Le sac est très beau", "La bolsa es muy hermosa"),
    ("es", "it", "El bolso es muy bonito", "Il borsello è molto bello"),
    ("it", "es", "La borsa è molto bella", "La bolsa es muy bonita"),
]
PROTOCOL_CASES: list[Case] = [
    ("de", "ja", "Ist die Tasche wasserdicht?", "そのバッグは防水ですか？"),
    ("ja", "de", "サイズMはありますか？", "Gibt es Größe M?"),
    ("en", "zh-Hans", "Yes, it is waterproof.", "是的，它是防水的。"),
]


@pytest.fixture(params=["apertium", "libretranslate-protocol", "deepl-protocol", "openai-protocol"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    if request.param == "apertium":
        if shutil.which("apertium") is None:
            pytest.skip("Debian's apertium is not installed (scripts/setup.sh installs it)")
        yield Backend(
            ApertiumProvider(),
            APERTIUM_CASES,
            ("en", "es", "I love the Crosslive bag", "Quiero el Crosslive bolso"),
            ("de", "ja"),
        )
        return
    stub: LibreTranslateStub = request.getfixturevalue("libretranslate")
    glossary_case = ("en", "de", "I love the Crosslive bag", "ich liebe die Crosslive Tasche")
    if request.param == "libretranslate-protocol":
        provider: TranslationProvider = LibreTranslateProvider(stub.url, timeout=5)
    elif request.param == "deepl-protocol":
        provider = DeepLProvider(stub.url, api_key="test-key", timeout=5)
    else:  # a model would try any pair of the nine: one outside them is the missing pair
        yield Backend(
            OpenAIChatProvider(f"{stub.url}/v1", timeout=5, model="test"),
            PROTOCOL_CASES,
            glossary_case,
            ("pt", "en"),
        )
        return
    yield Backend(provider, PROTOCOL_CASES, glossary_case, ("ko", "ar"))


async def test_each_pair_translates_exactly(backend: Backend) -> None:
    done = await asyncio.gather(
        *(backend.provider.translate([text], src, dst) for src, dst, text, _ in backend.cases)
    )
    assert done == [[expected] for *_, expected in backend.cases]


async def test_a_batch_comes_back_in_order(backend: Backend) -> None:
    source, target = backend.cases[0][:2]
    texts = [c[2] for c in backend.cases if c[:2] == (source, target)] * 2
    expected = [c[3] for c in backend.cases if c[:2] == (source, target)] * 2
    assert await backend.provider.translate(texts, source, target) == expected


async def test_a_pair_it_lacks_is_said_so(backend: Backend) -> None:
    with pytest.raises(PairUnavailable):
        await backend.provider.translate(["Hallo"], *backend.missing_pair)


async def test_glossary_names_are_never_translated(backend: Backend) -> None:
    source, target, text, expected = backend.glossary_case
    translator = Translator(backend.provider, timeout=10, glossary=Glossary(["Crosslive"]))
    result = await translator.translate(text, source, target)
    assert (result.status, result.text) == ("translated", expected)


async def test_a_missing_pair_shows_the_original(backend: Backend) -> None:
    translator = Translator(backend.provider, timeout=10)
    result = await translator.translate("Hallo zusammen", *backend.missing_pair)
    assert (result.status, result.text, result.original) == (
        "unavailable",
        "Hallo zusammen",
        "Hallo zusammen",
    )
