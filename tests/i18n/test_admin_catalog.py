"""The seller's side (admin pages, the host console) has its own catalog, admin.po, in
i18n.ADMIN_SUPPORTED: every message babel-admin.cfg extracts is translated in zh_Hans with the
same placeholders and tags, and none of it leaks into the viewers' nine-language rule."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from crosslive import i18n
from tests.i18n.test_catalogs import extracted as viewer_messages

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>|%%")
# What docs/languages.md tells to pass to pybabel extract for the admin domain.
KEYWORDS = {"_": None, "A_": None, "gettext": None, "ngettext": (1, 2)}
TRANSLATED = [tag for tag in i18n.ADMIN_SUPPORTED if tag != i18n.DEFAULT]
Message = str | tuple[str, ...]


@cache
def admin_messages() -> frozenset[Message]:
    with (ROOT / "babel-admin.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    return frozenset(message for _, _, message, _, _ in found)


def admin_catalog(tag: str) -> Catalog:
    with i18n.catalog_path(tag, i18n.ADMIN_DOMAIN).open("rb") as po:
        return read_po(po, locale=i18n.locale_name(tag))


def missing_or_mismatched(catalog: Catalog, messages: frozenset[Message]) -> list[str]:
    """The messages CATALOG lacks (or holds fuzzy, or with other placeholders or tags)."""
    problems = []
    for message in sorted(messages, key=str):
        entry = catalog.get(message)
        strings = entry.string if entry else None
        texts = list(strings) if isinstance(strings, tuple) else [strings]
        if entry is None or entry.fuzzy or not all(texts):
            problems.append(f"missing: {message!r}")
            continue
        source = message[0] if isinstance(message, tuple) else message
        for text in texts:
            if sorted(PLACEHOLDER.findall(str(text))) != sorted(PLACEHOLDER.findall(source)):
                problems.append(f"placeholders differ: {message!r} -> {text!r}")
            elif "%" in PLACEHOLDER.sub("", str(text)):
                problems.append(f"stray %: {text!r}")
    return problems


def test_extraction_finds_the_admin_pages_host_console_scripts_and_notices() -> None:
    messages = admin_messages()
    for expected in (
        "Log out",  # admin/layout.html
        "Reply to everyone…",  # live/host.html
        "Answered automatically (%(sources)s): %(answer)s",  # host.js via admin_js_strings
        "Original",  # the chat's translation toggle (translated.js)
        "Product deleted.",  # a notice (admin_products.py)
        "the new password and its confirmation differ",  # an error (admin_account.py)
        ("%(num)d product", "%(num)d products"),
    ):
        assert expected in messages


@pytest.mark.parametrize("tag", TRANSLATED)
def test_every_admin_message_is_translated_with_the_same_placeholders(tag: str) -> None:
    problems = missing_or_mismatched(admin_catalog(tag), admin_messages())
    assert problems == [], f"{tag}: {len(problems)} problems: {problems[:5]}"


def test_a_missing_or_broken_translation_is_caught() -> None:
    chinese = admin_catalog("zh-Hans")
    chinese.delete("Log out")
    chinese["Refund %(amount)s"].string = "退款"
    chinese["Go live"].flags.add("fuzzy")
    assert missing_or_mismatched(chinese, admin_messages()) == [
        "missing: 'Go live'",
        "missing: 'Log out'",
        "placeholders differ: 'Refund %(amount)s' -> '退款'",
    ]


def test_the_viewers_rule_does_not_reach_the_admin_strings() -> None:
    viewer = viewer_messages()
    assert "Reply to everyone…" not in viewer and "Log out" not in viewer
    assert "Answered automatically (%(sources)s): %(answer)s" not in viewer


def test_the_admin_catalog_loads_and_chinese_browsers_get_it() -> None:
    assert i18n.translations("zh-CN", i18n.ADMIN_DOMAIN).gettext("Log out") == "退出登录"
    assert i18n.translations("de", i18n.ADMIN_DOMAIN).gettext("Log out") == "Log out"
    assert i18n.choose(None, None, "ja,zh-TW;q=0.5", i18n.ADMIN_SUPPORTED) == "zh-Hans"
    assert i18n.choose(None, "de", "de-AT", i18n.ADMIN_SUPPORTED) == "en"
    assert i18n.choose(None, "zh-Hans", "en", i18n.ADMIN_SUPPORTED) == "zh-Hans"
    # The viewers' choice is unchanged: German stays German there.
    assert i18n.choose(None, None, "de-AT") == "de"


def test_words_the_admin_shows_from_other_modules_are_in_the_admin_catalog() -> None:
    """The on-camera checklist (returns/camera.py) and the size-chart columns are written in
    English where they are defined; the console and product pages translate them with `tr`,
    so each must be an admin message (a new item without one would show in English)."""
    from crosslive.catalog.models import Category
    from crosslive.returns import camera
    from crosslive.web.product_form import MEASUREMENTS

    labels = {item.label for category in Category for item in camera.checklist(category)}
    assert labels - admin_messages() == set()
    assert set(MEASUREMENTS) - admin_messages() == set()
