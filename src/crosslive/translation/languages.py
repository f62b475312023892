"""The languages crosslive reads and writes, and how a browser's tag maps onto them."""

from __future__ import annotations

SUPPORTED: tuple[str, ...] = ("en", "de", "fr", "es", "it", "ja", "ko", "zh-Hans", "ar")


def normalise(tag: str | None) -> str | None:
    """The supported language a BCP 47 tag (de-AT, zh_CN, zh-Hans-CN, JA) stands for, or None.

    Chinese is written in Simplified script here: zh, zh-CN, zh-SG and zh-Hans map to zh-Hans;
    Traditional (zh-TW, zh-HK, zh-Hant) is not supported and gives None."""
    if not tag:
        return None
    parts = tag.strip().replace("_", "-").lower().split("-")
    base = parts[0]
    if base == "zh":
        rest = parts[1:]
        if any(p in ("hant", "tw", "hk", "mo") for p in rest):
            return None
        return "zh-Hans"
    return base if base in SUPPORTED else None


def from_accept_language(header: str | None) -> str | None:
    """The first supported language of an Accept-Language header, by the browser's weights."""
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        language = normalise(tag)
        if language is not None and weight > 0:
            ranked.append((-weight, index, language))
    return min(ranked)[2] if ranked else None


def reader_language(chosen: str | None, accept_language: str | None) -> str | None:
    """The language a viewer reads: the one the page chose, else the browser's first."""
    return normalise(chosen) or from_accept_language(accept_language)
