"""An optional rewording of an instant answer by an OpenAI-compatible chat endpoint
(`CROSSLIVE_ANSWERS_REPHRASE_URL`): it may make a template's answer read more naturally, never
change its facts.

The template's answer stays the truth. A rewording is sent only when it keeps exactly the
template's numbers (days, amounts, dates, sizes, as digits), currency signs and codes, and
names (the show's product titles, the store's warehouse cities, country, month and weekday
names in the answer's language): none dropped, changed or added. Anything else (a changed
number, a product the template did not name, an endpoint that is down, slow or answers
nonsense) and the template's answer is sent as it is. The sources are the template's.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from babel import Locale

from crosslive import i18n

if TYPE_CHECKING:
    from crosslive.settings import Settings

log = logging.getLogger(__name__)

# Digits with their separators: 2, 2-4 (two numbers), 49,00, 1.234,50, 18:00, 2026/12/04.
NUMBER = re.compile(r"\d+(?:[.,:/'\u00a0\u202f]\d+)*")
CURRENCY = re.compile(r"[€$£¥₩₹]|\b(?:EUR|USD|GBP|JPY|KRW|CNY|AED|SAR|CHF)\b")
LATIN = "[a-zà-öø-ÿ]"
ISOLATED = re.compile("\u2068([^\u2068\u2069]*)\u2069")
# A rewording much longer than the answer is not a rewording.
MAX_GROWTH = 2.0
INSTRUCTION = (
    "You reword a shop's answer to a customer so it reads naturally in {language}. Keep "
    "every number, price, date, size, product name and place name exactly as written, add "
    "no fact and no promise, and answer in {language} with the reworded answer only."
)


@dataclass(frozen=True)
class Rephraser:
    """The rewording endpoint: POST {url}/chat/completions, temperature 0."""

    url: str
    api_key: str = ""
    model: str = ""
    timeout_s: float = 1.5

    @classmethod
    def from_settings(cls, settings: Settings) -> Rephraser | None:
        """The configured endpoint, or None when rewording is off (the default)."""
        if not settings.answers_rephrase_url:
            return None
        return cls(
            settings.answers_rephrase_url.rstrip("/"),
            settings.answers_rephrase_api_key.get_secret_value(),
            settings.answers_rephrase_model,
            settings.answers_rephrase_timeout_seconds,
        )

    def reword(self, text: str, lang: str) -> str | None:
        """TEXT reworded in LANG, or None when the endpoint failed in any way."""
        language = Locale.parse(i18n.locale_name(lang)).get_display_name("en") or lang
        body = {
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": INSTRUCTION.format(language=language)},
                {"role": "user", "content": text},
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            with httpx.Client(timeout=self.timeout_s) as client:
                response = client.post(f"{self.url}/chat/completions", json=body, headers=headers)
            response.raise_for_status()
            content: Any = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.warning("answer rephrase unavailable: %s", type(exc).__name__)
            return None
        if not isinstance(content, str) or not content.strip():
            return None
        return content.strip()


def language_names(lang: str) -> set[str]:
    """Country, month and weekday names in LANG (a rewording may not swap one for another)."""
    locale = Locale.parse(i18n.locale_name(lang))
    names = {name for code, name in locale.territories.items() if code.isalpha()}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            names.update(locale.months[context][width].values())
            names.update(locale.days[context][width].values())
    return {name for name in names if len(name) > 1}


def protected_names(products: Iterable[str], places: Iterable[str], lang: str) -> set[str]:
    """The names an answer's rewording must keep exactly: PRODUCTS (titles), PLACES (the
    store's warehouse cities) and LANG's country, month and weekday names."""
    return {n.strip() for n in (*products, *places) if n and n.strip()} | language_names(lang)


def facts(text: str, names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    """What a rewording must keep: the numbers (in order of size, each as written), the
    currency signs and codes, and which of NAMES the text mentions."""
    plain = unicodedata.normalize("NFKC", text)  # full-width digits and signs as ASCII
    folded = plain.casefold()
    numbers = sorted(re.sub(r"\s", " ", n) for n in NUMBER.findall(plain))
    currencies = sorted(CURRENCY.findall(plain))
    named = sorted(n for n in names if _mentions(folded, n.casefold()))
    # A right-to-left answer's values stand in isolates (templates.py); a rewording that
    # drops one would scramble a Latin name again, so it must keep each, value unchanged.
    isolated = sorted(ISOLATED.findall(text))
    return tuple(numbers), tuple(currencies), tuple(named), tuple(isolated)


def _mentions(text: str, name: str) -> bool:
    """Whether TEXT names NAME as a word of its own: not 'Di' (Dienstag) inside 'Die'. Only
    Latin letters bound a word here: in Japanese or Chinese a name sits between other
    characters."""
    return re.search(rf"(?<!{LATIN}){re.escape(name)}(?!{LATIN})", text) is not None


def keeps_facts(template: str, reworded: str, names: Iterable[str]) -> bool:
    names = list(names)
    return facts(template, names) == facts(reworded, names)


def rephrased(text: str, lang: str, rephraser: Rephraser, names: Iterable[str]) -> str:
    """TEXT (a template's answer in LANG) as REPHRASER rewords it when the rewording keeps
    every fact (see the module); else TEXT as it is."""
    reworded = rephraser.reword(text, lang)
    if reworded is None:
        return text
    if len(reworded) > MAX_GROWTH * len(text) + 40:
        log.info("answer rephrase rejected: too long")
        return text
    if not keeps_facts(text, reworded, names):
        log.info("answer rephrase rejected: its facts differ from the template's")
        return text
    return reworded
