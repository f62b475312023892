"""The claim rules (crosslive.trust.claim_lint) on everything a store writes for viewers:
a product's title, description and disclosed flaws, a show's title and description, each
in the seller's own words and in every stored translation, per market of the store; and a
staff chat message against the markets of its show.

A finding names the field, the language (None: the seller's own text), the rule, the
market, the span (offsets into the text as linted; descriptions are linted as plain
text), the severity and the suggested rewording. A "severe" finding for a market hides that
field from the market's viewers until it is fixed: where any wording of a field (the
original or a translation) carries one, no wording of it is shown there, so a viewer who
switches language cannot read it either. Markets the rules do not know lint nothing.
A claim that needs proof is lifted by the store's staff-verified, current credentials that
give it (trust.proofs): those of the product (or store-wide) for a product's texts, those of
the show's line-up (or store-wide) for a show's texts and its staff chat.
Nothing is stored: findings are derived from the text each time, so fixing the text lifts
them at once.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crosslive import i18n
from crosslive.catalog.descriptions import plain_text
from crosslive.catalog.models import Product
from crosslive.compliance import service as compliance
from crosslive.compliance.errors import ClaimRefused
from crosslive.content.models import ContentTranslation
from crosslive.i18n import A_
from crosslive.markets import service as markets_service
from crosslive.markets.models import Market
from crosslive.shows.models import Show
from crosslive.trust import proofs as trust_proofs
from crosslive.trust import service as trust_service
from crosslive.trust.claim_lint import MARKETS, lint, suggestion_in
from crosslive.trust.claim_rules import SEVERE

PRODUCT_FIELDS = ("title", "description_html", "flaws")
SHOW_FIELDS = ("title", "description")
ALIASES = {"GB": "UK"}


@dataclass(frozen=True)
class ClaimFinding:
    field: str
    language: str | None  # None: the seller's own text
    market: str
    rule: str
    severity: str
    start: int
    end: int
    span: str
    suggestion: str

    @property
    def severe(self) -> bool:
        return self.severity == SEVERE

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "market": self.market,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "span": self.span,
            "suggestion": self.suggestion,
        }


def rules_market(code: str) -> str | None:
    """The claim rules' market for a store market code (None: no rules there)."""
    upper = ALIASES.get(code.strip().upper(), code.strip().upper())
    return upper if upper in MARKETS else None


def _plain(field: str, text: str) -> str:
    return plain_text(text) if field.endswith("_html") else text


def lint_texts(
    texts: Sequence[tuple[str, str | None, str]],
    market_code: str,
    proofs: Collection[str] = (),
) -> list[ClaimFinding]:
    """Findings in TEXTS ((field, language, text)) under MARKET_CODE's rules, less those
    PROOFS lift."""
    code = rules_market(market_code)
    if code is None:
        return []
    found: list[ClaimFinding] = []
    for field, language, raw in texts:
        text = _plain(field, raw)
        for f in lint(text, code, proofs):
            found.append(
                ClaimFinding(
                    field,
                    language,
                    market_code,
                    f.rule,
                    f.severity,
                    f.start,
                    f.end,
                    text[f.start : f.end],
                    f.suggestion,
                )
            )
    return found


Texts = list[tuple[str, str | None, str]]


def _translations(
    db: Session, column: InstrumentedAttribute[int | None], entity_id: int, fields: Sequence[str]
) -> Texts:
    rows = db.scalars(
        select(ContentTranslation).where(
            column == entity_id,
            ContentTranslation.field.in_(list(fields)),
        )
    )
    return [(row.field, row.locale, row.text) for row in rows]


def product_texts(db: Session, product: Product) -> list[tuple[str, str | None, str]]:
    """(field, language, text) for PRODUCT's title, description and flaws, in the seller's
    words and every stored translation."""
    own: list[tuple[str, str | None, str]] = [
        ("title", None, product.title),
        ("description_html", None, product.description_html or ""),
        ("flaws", None, "\n".join(product.disclosed_flaws or [])),
    ]
    return own + _translations(db, ContentTranslation.product_id, product.id, PRODUCT_FIELDS)


def show_texts(db: Session, show: Show) -> list[tuple[str, str | None, str]]:
    own: list[tuple[str, str | None, str]] = [
        ("title", None, show.title),
        ("description", None, show.description or ""),
    ]
    return own + _translations(db, ContentTranslation.show_id, show.id, SHOW_FIELDS)


def product_proofs(db: Session, product: Product, market_code: str) -> frozenset[str]:
    """The proofs PRODUCT's (or the store's) verified credentials give in MARKET_CODE."""
    return trust_proofs.held_proofs(
        db, product.seller_id, market_code, trust_service.today(), (product.id,)
    )


def show_proofs(db: Session, show: Show, market_code: str) -> frozenset[str]:
    """The proofs the store's verified credentials for SHOW's line-up (or store-wide) give."""
    ids = [item.product_id for item in show.lineup]
    return trust_proofs.held_proofs(db, show.seller_id, market_code, trust_service.today(), ids)


def product_findings(db: Session, product: Product) -> list[tuple[Market, list[ClaimFinding]]]:
    """Each market of the store with the claim findings in PRODUCT's texts."""
    texts = product_texts(db, product)
    return [
        (market, lint_texts(texts, market.code, product_proofs(db, product, market.code)))
        for market in markets_service.list_markets(db, product.seller_id)
    ]


def show_findings(db: Session, show: Show) -> list[tuple[Market, list[ClaimFinding]]]:
    """Each market of the store with the claim findings in SHOW's title and description."""
    texts = show_texts(db, show)
    return [
        (market, lint_texts(texts, market.code, show_proofs(db, show, market.code)))
        for market in markets_service.list_markets(db, show.seller_id)
    ]


def hidden_product_fields(db: Session, product: Product, market: Market | None) -> set[str]:
    """PRODUCT's fields a severe finding hides from MARKET's viewers."""
    if market is None or rules_market(market.code) is None:
        return set()
    proofs = product_proofs(db, product, market.code)
    found = lint_texts(product_texts(db, product), market.code, proofs)
    return {f.field for f in found if f.severe}


def hidden_show_fields(db: Session, show: Show, market: Market | None) -> set[str]:
    """SHOW's fields a severe finding hides from MARKET's viewers."""
    if market is None or rules_market(market.code) is None:
        return set()
    proofs = show_proofs(db, show, market.code)
    return {f.field for f in lint_texts(show_texts(db, show), market.code, proofs) if f.severe}


def message_findings(
    db: Session, show: Show, markets: Sequence[Market], text: str
) -> list[ClaimFinding]:
    """A staff chat message's findings under each of MARKETS' rules, less what the proofs
    for SHOW lift there."""
    found: list[ClaimFinding] = []
    for market in markets:
        proofs = show_proofs(db, show, market.code)
        found += lint_texts([("message", None, text)], market.code, proofs)
    return found


REFUSED = A_('Not posted: viewers in {markets} may not be told "{span}". {suggestion}')


def for_reader(found: Sequence[ClaimFinding], language: str) -> list[ClaimFinding]:
    """FOUND with each suggestion in LANGUAGE (the seller's) where the rule has it there."""
    return [replace(f, suggestion=suggestion_in(f.rule, language) or f.suggestion) for f in found]


def check_staff_message(
    db: Session, show: Show, text: str, language: str = i18n.DEFAULT
) -> list[ClaimFinding]:
    """The claim findings of a staff chat message under the rules of SHOW's markets:
    ClaimRefused (nothing posted) when one is severe for any of them; else the warnings to
    give back to the host with the posted message. Both speak LANGUAGE (the seller's: the
    host console's admin catalog and the rules' advice in that language)."""
    found = for_reader(
        message_findings(db, show, compliance.show_markets(db, show), text), language
    )
    severe = [f for f in found if f.severe]
    if severe:
        first = severe[0]
        markets = ", ".join(sorted({f.market for f in severe}))
        raise ClaimRefused(
            i18n.translations(language, i18n.ADMIN_DOMAIN).gettext(REFUSED),
            [f.as_dict() for f in found],
            markets=markets,
            span=first.span,
            suggestion=first.suggestion,
        )
    return found
