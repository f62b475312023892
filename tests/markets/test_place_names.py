"""A warehouse's city reads right in every language whatever its first letter: French puts
it in apposition ("notre entrepôt (Osaka)") rather than after "de", which would need
"d'Osaka" before a vowel and "du Havre" before an article."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.markets import service, warehouses
from crosslive.markets.models import LabelPaidBy
from crosslive.markets.schemas import MarketUpdate, RouteIn, WarehouseIn

# The words after which French needs a name's own grammar: elision, or a contraction with
# the name's article ("de Le Havre" is "du Havre", "à Le Havre" is "au Havre").
FRENCH_BEFORE_A_NAME = r"\b(?:de|du|des|à|au|aux|le|la|les)\s+"
PLACES = r"(?:%\((?:city|place|country|market)\)s|\{(?:city|place|country|market)\})"


def test_french_delivery_promises_put_the_city_in_apposition() -> None:
    assert service.promise_text("Osaka", 1, 1, "fr") == (
        "Expédié depuis notre entrepôt (Osaka), livré en 1 jour"
    )
    assert service.promise_text("Osaka", 3, 3, "fr") == (
        "Expédié depuis notre entrepôt (Osaka), livré en 3 jours"
    )
    assert service.promise_text("Amsterdam", 2, 4, "fr") == (
        "Expédié depuis notre entrepôt (Amsterdam), livré en 2 à 4 jours"
    )
    for city in ("Osaka", "Amsterdam", "Le Havre", "Ürümqi"):
        for first, last in ((1, 1), (3, 3), (2, 4)):
            text = service.promise_text(city, first, last, "fr")
            assert f"de {city}" not in text and f"({city})" in text


@pytest.mark.parametrize(
    ("paid_by", "expected"),
    [
        (
            LabelPaidBy.SELLER,
            "Retour sous 30 jours à notre entrepôt (Osaka) ; l'étiquette retour est à nos frais",
        ),
        (
            LabelPaidBy.BUYER,
            "Retour sous 30 jours à notre entrepôt (Osaka) ; l'étiquette retour est à votre charge",
        ),
    ],
)
def test_french_return_terms_put_the_city_in_apposition(
    db: Session, owner: dict[str, str | int], paid_by: LabelPaidBy, expected: str
) -> None:
    seller_id = int(owner["seller_id"])
    market = service.add_preset(db, seller_id, "JP")
    osaka = warehouses.create_warehouse(
        db,
        seller_id,
        WarehouseIn(code="KIX", name="Osaka warehouse", city="Osaka", country="JP"),
    )
    update = MarketUpdate(
        routes=[RouteIn(warehouse_id=osaka.id, delivery_days_min=2, delivery_days_max=2)],
        return_warehouse_id=osaka.id,
        return_label_paid_by=paid_by,
        return_window_days=30,
        keep_it_below_minor=0,
    )
    market = service.update_market(db, seller_id, market.id, update)
    text = service.return_terms(market, "fr").text
    assert text == expected
    assert "de O" not in text
    promise = service.delivery_promise(market, lang="fr")
    assert promise is not None
    assert promise.text == "Expédié depuis notre entrepôt (Osaka), livré en 2 jours"


def test_no_french_message_puts_a_place_after_de_or_a() -> None:
    """Every French viewer message that names a place keeps it clear of a preposition or an
    article that would need elision or a contraction (the instant answers' catalogs are
    held to the same in tests/answers/test_answers_names.py)."""
    with i18n.catalog_path("fr").open("rb") as po:
        catalog = read_po(po, locale="fr")
    after = re.compile(FRENCH_BEFORE_A_NAME + PLACES, re.IGNORECASE)
    texts = [str(m.string) for m in catalog if m.id and m.string]
    assert any(re.search(PLACES, text) for text in texts)
    assert [text for text in texts if after.search(text)] == []
