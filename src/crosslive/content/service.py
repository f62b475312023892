"""Content translations: read, save, approve, and lay them over what a viewer reads.

The caller owns the transaction (services flush). Every write names the store: an entity
of another store is "not found", never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crosslive.catalog import service as catalog_service
from crosslive.catalog.descriptions import clean_description
from crosslive.catalog.models import Variant
from crosslive.content import fields
from crosslive.content.languages import WRITTEN, normalise
from crosslive.content.models import APPROVED, ENTITY_TYPES, MACHINE, ContentTranslation
from crosslive.errors import InvalidInput, NotFound
from crosslive.i18n import A_
from crosslive.markets import service as markets_service
from crosslive.shows import service as shows_service
from crosslive.trust import service as trust_service

PROVIDER_SELLER = "seller"
UNSUPPORTED = A_("Content cannot be written in '{language}': use one of {languages}.")


def _column(kind: str) -> InstrumentedAttribute[int | None]:
    if kind == "product":
        return ContentTranslation.product_id
    if kind == "credential":
        return ContentTranslation.credential_id
    if kind == "show":
        return ContentTranslation.show_id
    raise NotFound(f"no such kind of content: {kind!r}")


def originals(db: Session, seller_id: int, kind: str, entity_id: int) -> dict[str, str]:
    """Field -> the seller's own text for the entity; NotFound when it is not the store's."""
    if kind == "product":
        return fields.product_originals(catalog_service.get_product(db, seller_id, entity_id))
    if kind == "credential":
        credential = trust_service.get_credential(db, seller_id, entity_id)
        return fields.credential_originals(credential)
    if kind == "show":
        return fields.show_originals(shows_service.get_show(db, seller_id, entity_id))
    raise NotFound(f"no such kind of content: {kind!r}")


def checked_locale(locale: str) -> str:
    """LOCALE as a language sellers write content in ('pt-BR' -> 'pt'); InvalidInput else."""
    found = normalise(locale)
    if found is None:
        raise InvalidInput(UNSUPPORTED, language=locale, languages=", ".join(WRITTEN))
    return found


def rows_of(db: Session, kind: str, entity_id: int) -> dict[tuple[str, str], ContentTranslation]:
    """(field, locale) -> the entity's translation row."""
    query = select(ContentTranslation).where(_column(kind) == entity_id)
    return {(r.field, r.locale): r for r in db.scalars(query)}


def store_languages(db: Session, seller_id: int) -> list[str]:
    """The content languages the store's markets are read in, in WRITTEN order."""
    wanted = {
        found
        for market in markets_service.list_markets(db, seller_id)
        for tag in market.languages or []
        if (found := normalise(tag)) is not None
    }
    return [lang for lang in WRITTEN if lang in wanted]


def columns_for(
    db: Session, seller_id: int, kind: str, entity_id: int, added: Iterable[str] = ()
) -> list[str]:
    """The admin's language columns: the store's markets', those already translated and
    those the seller added (ADDED), in WRITTEN order."""
    have = {locale for _field, locale in rows_of(db, kind, entity_id)}
    # English is the usual language of the originals: a column only when asked for.
    markets = set(store_languages(db, seller_id)) - {"en"}
    wanted = markets | have | {checked_locale(a) for a in added}
    return [lang for lang in WRITTEN if lang in wanted]


def save(
    db: Session,
    seller_id: int,
    kind: str,
    entity_id: int,
    field_name: str,
    locale: str,
    text: str,
    *,
    status: str = APPROVED,
    provider: str = PROVIDER_SELLER,
) -> ContentTranslation | None:
    """Set one field's text in LOCALE (empty text removes the translation)."""
    known = originals(db, seller_id, kind, entity_id)
    if field_name not in known:
        raise InvalidInput(f"{kind} has no translatable field {field_name!r}")
    lang = checked_locale(locale)
    if len(text) > fields.MAX_TEXT:
        raise InvalidInput(f"a translation is at most {fields.MAX_TEXT} characters")
    row = rows_of(db, kind, entity_id).get((field_name, lang))
    text = text.strip()
    if field_name == "description_html":
        text = clean_description(text)
    if not text:
        if row is not None:
            db.delete(row)
            db.flush()
        return None
    if row is None:
        row = ContentTranslation(seller_id=seller_id, field=field_name, locale=lang)
        setattr(row, f"{kind}_id", entity_id)
        db.add(row)
    row.text, row.status, row.provider = text, status, provider
    db.flush()
    return row


def approve(
    db: Session, seller_id: int, kind: str, entity_id: int, field_name: str, locale: str
) -> ContentTranslation:
    """The seller accepts a machine draft as it stands: viewers read it unlabelled."""
    originals(db, seller_id, kind, entity_id)
    row = rows_of(db, kind, entity_id).get((field_name, checked_locale(locale)))
    if row is None:
        raise NotFound(f"no translation of {field_name!r} in {locale} to approve")
    row.status = APPROVED
    db.flush()
    return row


def missing(
    db: Session, seller_id: int, kind: str, entity_id: int, languages: Sequence[str]
) -> list[tuple[str, str]]:
    """(field, locale) pairs with an original but no translation yet."""
    have = rows_of(db, kind, entity_id)
    return [
        (name, lang)
        for name, text in originals(db, seller_id, kind, entity_id).items()
        if text.strip()
        for lang in languages
        if (name, lang) not in have
    ]


@dataclass
class Localized:
    """An entity's fields in one language: the text to show and whether any of it is a
    machine draft not yet approved (the page then says "machine translated")."""

    texts: dict[str, str]
    machine_fields: set[str] = field(default_factory=set)

    @property
    def machine(self) -> bool:
        return bool(self.machine_fields)

    def get(self, name: str, original: str) -> str:
        return self.texts.get(name, original)


def localized(
    db: Session,
    kind: str,
    entity_ids: Sequence[int],
    locale: str | None,
    *,
    approved_only: bool = False,
) -> dict[int, Localized]:
    """Entity id -> its translations into LOCALE (empty where it has none)."""
    result = {entity_id: Localized({}) for entity_id in entity_ids}
    lang = normalise(locale)
    if not entity_ids or lang is None:
        return result
    column = _column(kind)
    where: list[ColumnElement[bool]] = [
        column.in_(list(entity_ids)),
        ContentTranslation.locale == lang,
    ]
    if approved_only:
        where.append(ContentTranslation.status == APPROVED)
    for row in db.scalars(select(ContentTranslation).where(*where)):
        found = result[row.entity_id]
        found.texts[row.field] = row.text
        if row.status == MACHINE:
            found.machine_fields.add(row.field)
    return result


def variant_titles(
    db: Session, variant_ids: Sequence[int | None], locale: str | None
) -> dict[int, str]:
    """Variant id -> its product's approved title in LOCALE, where there is one (order lines
    keep the title they were bought under; pages read it in the buyer's language)."""
    wanted = [v for v in variant_ids if v is not None]
    if not wanted or normalise(locale) is None:
        return {}
    rows = db.execute(select(Variant.id, Variant.product_id).where(Variant.id.in_(wanted)))
    products = {variant_id: product_id for variant_id, product_id in rows}
    worded = localized(db, "product", sorted(set(products.values())), locale, approved_only=True)
    return {
        variant_id: worded[product_id].texts["title"]
        for variant_id, product_id in products.items()
        if "title" in worded[product_id].texts
    }


def one(db: Session, kind: str, entity_id: int, locale: str | None) -> Localized:
    return localized(db, kind, [entity_id], locale)[entity_id]


__all__ = ["ENTITY_TYPES", "Localized", "approve", "localized", "one", "originals", "save"]
