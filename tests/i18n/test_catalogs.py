"""Every supported language translates every message the sources mark, with the same
placeholders: extracted here with Babel from babel.cfg, compared with the committed .po files."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from crosslive import i18n

ROOT = Path(__file__).resolve().parents[2]
# %(name)s for gettext and the ES modules, {name} for str.format, and inline markup.
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}|<[^>]+>")
TRANSLATED = [tag for tag in i18n.SUPPORTED if tag != i18n.DEFAULT]


@cache
def extracted() -> frozenset[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(ROOT, method_map, options_map)
    return frozenset(message for _, _, message, _, _ in found if isinstance(message, str))


def catalog(tag: str) -> Catalog:
    with i18n.catalog_path(tag).open("rb") as po:
        return read_po(po, locale=i18n.locale_name(tag))


def test_extraction_finds_the_pages_js_strings_and_emails() -> None:
    messages = extracted()
    for expected in (
        "Your cart",  # js_strings.py, for cart.js
        "Join chat",  # live/viewer.html
        "Thank you for your order at %(store)s, %(name)s.",  # the confirmation email
        "{store}: your order",  # its subject
        "Paid promotion · #ad",  # the ad label
    ):
        assert expected in messages


@pytest.mark.parametrize("tag", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(tag: str) -> None:
    translations = {m.id: m.string for m in catalog(tag) if m.id and not m.fuzzy}
    missing = sorted(m for m in extracted() if not translations.get(m))
    assert missing == [], f"{tag} lacks {len(missing)} translations: {missing[:5]}"
    for message in extracted():
        text = str(translations[message])
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(message)), (
            f"{tag}: {message!r} -> {text!r}"
        )
        # jinja's newstyle gettext %-formats every message: a lone % would break the page.
        assert "%" not in PLACEHOLDER.sub("", text), f"{tag}: stray % in {text!r}"


def test_a_missing_translation_is_caught() -> None:
    """The check above is not vacuous: a catalog with one message dropped fails it."""
    german = catalog("de")
    german.delete("Your cart")
    translations = {m.id for m in german if m.id and m.string}
    assert sorted(m for m in extracted() if m not in translations) == ["Your cart"]


@pytest.mark.parametrize("tag", i18n.LABEL_ONLY)
def test_label_only_catalogs_translate_the_ad_label(tag: str) -> None:
    labels = {m.id: m.string for m in catalog(tag) if m.id and m.string}
    assert set(labels) == {"Paid promotion · #ad"} and labels["Paid promotion · #ad"]


def test_the_loader_reads_po_files_without_compiling_them() -> None:
    assert not list((ROOT / "src/crosslive/locale").rglob("*.mo"))
    assert i18n.translations("de").gettext("Your cart") == "Ihr Warenkorb"
    assert i18n.translations("zh-CN").gettext("Your cart") == "您的购物车"
    assert i18n.translations("xx").gettext("Your cart") == "Your cart"


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("de-AT,de;q=0.9,en;q=0.5", "de"),
        ("nl,fr;q=0.5", "nl"),
        ("sv,fr;q=0.5", "fr"),
        ("zh-TW", "zh-Hans"),
        ("en-US,ja;q=0.9", "en"),
        ("pt-BR", "pt"),
        ("pt-PT,en;q=0.5", "pt"),
        ("sv-SE", "en"),
        ("", "en"),
        ("ar;q=0,ko", "ko"),
    ],
)
def test_the_browsers_language_is_negotiated(header: str, chosen: str) -> None:
    assert i18n.negotiate(header) == chosen


def test_asked_beats_remembered_beats_the_browser_and_bad_values_are_ignored() -> None:
    assert i18n.choose("ar", "de", "ja") == "ar"
    assert i18n.choose("", "de", "ja") == "de"
    assert i18n.choose("klingon", "../../etc", "ja") == "ja"
    assert i18n.direction("ar") == "rtl" and i18n.direction("de") == "ltr"
    assert [tag for tag in i18n.SUPPORTED if i18n.direction(tag) == "rtl"] == ["ar"]


def test_deadlines_are_written_in_the_language_and_stay_utc() -> None:
    moment = datetime(2026, 12, 4, 18, 0)
    assert i18n.format_utc(moment, "de") == "04.12.2026, 18:00 UTC"
    assert i18n.format_utc(moment, "ja") == "2026/12/04 18:00 UTC"
    assert i18n.format_utc(moment, "en") == "2026-12-04 18:00 UTC"
    assert i18n.format_utc(moment, "pt") == "4 de dez. de 2026 18:00 UTC"
    # An aware moment in another zone is shown in UTC.
    berlin = datetime(2026, 12, 4, 19, 0, tzinfo=timezone(timedelta(hours=1)))
    assert i18n.format_utc(berlin, "de") == "04.12.2026, 18:00 UTC"
    assert (i18n.format_day(moment, "de"), i18n.format_day(moment, "en")) == (
        "04.12.2026",
        "2026-12-04",
    )
