"""Instant answers from a store's facts, in the viewer's language; escalation to the host."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.answers import language, service
from crosslive.answers.schemas import FaqIn
from crosslive.catalog import inventory
from crosslive.catalog.models import Variant
from crosslive.content import service as content
from crosslive.db import transaction
from crosslive.landed import service as landed
from crosslive.landed.schemas import ShippingFeeIn
from crosslive.markets.models import Market, Warehouse, WarehouseRoute
from crosslive.shows.models import Show
from tests.answers.factories import EXPIRED_CLAIM, VALID_CLAIM, AskShop

NOW = datetime.now(UTC)  # credentials are valid or expired relative to today


def ask(
    db: Session, eng: service.Engine, market: str, question: str, product: str | None = None
) -> service.Answer:
    show = db.scalars(select(Show).where(Show.slug == "spring-drop")).one()
    return service.ask(
        db, eng, show=show, market_code=market, question=question, product_ref=product, now=NOW
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wie lange dauert der Versand nach Deutschland?", "de"),
        ("返品は無料ですか？", "ja"),
        ("배송은 얼마나 걸리나요?", "ko"),
        ("这件衬衫多少钱？", "zh-Hans"),
        ("هل يمكنني إرجاعه؟", "ar"),
        ("¿Cuánto cuesta el envío?", "es"),
        ("Combien coûte la livraison ?", "fr"),
        ("Quanto costa la spedizione?", "it"),
        ("Quanto tempo demora a entrega para Portugal?", "pt"),
        ("Vocês enviam para o Brasil?", "pt"),
        ("How long does delivery take?", "en"),
    ],
)
def test_language_of_a_question(text: str, lang: str) -> None:
    assert language.detect(text) == lang


def test_delivery_in_german_states_days_and_fee_of_the_market(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "Wie lange dauert der Versand nach Deutschland?")
    assert not answer.escalated and answer.intent == "delivery" and answer.language == "de"
    assert answer.answer == (
        "Lieferung – Deutschland: 2-4 Tage. Versandlager: Amsterdam. "
        "Der Versand kostet 5,00\xa0€. Ab 50,00\xa0€ ist der Versand kostenlos."
    )
    assert answer.sources == ["markets:EU:delivery", "landed:EU:shipping_fee"]


def test_delivery_in_portuguese_is_answered_in_portuguese(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "Quanto tempo demora a entrega para a Alemanha?")
    assert not answer.escalated and answer.intent == "delivery" and answer.language == "pt"
    assert answer.answer == (
        "Entrega – Alemanha: 2-4 dias. Armazém de envio: Amsterdam. "
        "O frete custa €\xa05,00. O frete é grátis a partir de €\xa050,00."
    )


def test_delivery_to_a_country_no_market_serves_says_so(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "Do you ship to Brazil? How long does delivery take?")
    assert answer.answer == "We do not ship to this country: Brazil."
    assert not answer.escalated


def _hold_shirt_only_in(factory: sessionmaker[Session], store: AskShop, code: str) -> None:
    """Every unit of the shirt sits in warehouse CODE (none unplaced)."""
    with transaction(factory) as tx:
        wh = tx.scalars(select(Warehouse).where(Warehouse.code == code)).one()
        for variant_id in (store.shop.shirt_m, store.shop.shirt_l):
            variant = tx.get(Variant, variant_id)
            assert variant is not None
            units, variant.stock = variant.stock, 0
            tx.flush()
            inventory.place(tx, store.shop.seller_id, variant_id, wh.id, units)


def test_delivery_of_a_product_follows_the_warehouse_that_holds_it(
    db: Session, eng: service.Engine, store: AskShop, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as tx:
        eu = tx.scalars(
            select(Market).where(Market.seller_id == store.shop.seller_id, Market.code == "EU")
        ).one()
        slow = Warehouse(
            seller_id=store.shop.seller_id,
            code="SZX",
            name="Shenzhen origin",
            city="Shenzhen",
            country="CN",
        )
        tx.add(slow)
        tx.flush()
        tx.add(
            WarehouseRoute(
                market_id=eu.id, warehouse_id=slow.id, delivery_days_min=8, delivery_days_max=12
            )
        )
        tx.flush()
        landed.put_shipping_fee(
            tx, store.shop.seller_id, "EU", "SZX", ShippingFeeIn(flat_minor=900)
        )
    question = "How long does delivery take?"
    # Nothing placed yet: the unplaced units ship by the market's fastest route.
    before = ask(db, eng, "EU", question, "acme-shirt")
    assert before.answer.startswith("Delivery – European Union: 2-4 days from our Amsterdam")
    _hold_shirt_only_in(session_factory, store, "SZX")
    db.expire_all()
    shirt = ask(db, eng, "EU", question, "acme-shirt")
    assert (shirt.intent, shirt.escalated) == ("delivery", False)
    assert shirt.answer == (
        "Delivery – European Union: 8-12 days from our Shenzhen warehouse. Shipping costs €9.00."
    )
    assert shirt.sources == [
        "markets:EU:delivery",
        f"catalog:product/{store.shirt_id}:stock",
        "landed:EU:shipping_fee",
    ]
    # Without a product the answer still quotes the market's fastest route.
    general = ask(db, eng, "EU", question)
    assert general.answer.startswith("Delivery – European Union: 2-4 days from our Amsterdam")


def test_delivery_of_a_product_no_route_can_ship_says_so(
    db: Session, eng: service.Engine, store: AskShop, session_factory: sessionmaker[Session]
) -> None:
    _hold_shirt_only_in(session_factory, store, "NYC")  # Newark ships to the US only
    db.expire_all()
    eu = ask(db, eng, "EU", "Wie lange dauert der Versand nach Deutschland?", "acme-shirt")
    assert (eu.intent, eu.escalated) == ("delivery", False)
    assert eu.answer == "Linen Shirt ist für dieses Lieferziel nicht verfügbar: Deutschland."
    assert eu.sources == [f"catalog:product/{store.shirt_id}:stock"]
    us = ask(db, eng, "US", "How long does delivery take?", "acme-shirt")
    assert "3-6 days from our Newark warehouse" in us.answer


def test_returns_in_japanese_and_english_follow_each_markets_policy(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    eu = ask(db, eng, "EU", "返品は無料ですか？")
    assert eu.intent == "returns" and eu.language == "ja"
    assert (
        eu.answer == "30日以内なら返品できます。返品先はAmsterdamの倉庫です。"
        "返送ラベルは当店が負担します（返品送料は無料）。"
    )
    us = ask(db, eng, "US", "Who pays for the return shipping?")
    assert us.answer == "You can return it within 14 days. You pay the return label."
    assert us.sources == ["markets:US:returns"]


def test_stock_by_size_and_a_sold_out_size(
    db: Session, eng: service.Engine, store: AskShop, session_factory: sessionmaker[Session]
) -> None:
    shirt = str(store.shirt_id)
    m = ask(db, eng, "EU", "Is size M in stock?", shirt)
    assert m.answer == "Linen Shirt (M) is in stock, €23.00."
    with transaction(session_factory) as tx:
        tx.get(Variant, store.shop.shirt_l).stock = 0  # type: ignore[union-attr]
    db.expire_all()
    sold = ask(db, eng, "EU", "Il reste la taille L ?", shirt)
    assert (sold.language, sold.intent, sold.answer) == (
        "fr",
        "stock",
        "Linen Shirt (L) est épuisé.",
    )
    missing = ask(db, eng, "US", "Do you have it in XL?", shirt)
    assert missing.answer == "Linen Shirt does not come in XL; it comes in: M, L."
    em_pt = ask(db, eng, "EU", "Ainda tem no tamanho M?", shirt)
    assert (em_pt.language, em_pt.intent, em_pt.answer) == (
        "pt",
        "stock",
        "Linen Shirt (M) está disponível, €\xa023,00.",
    )


def test_price_in_the_viewers_currency_and_locale(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "Was kostet das Hemd?", "acme-shirt")
    assert answer.answer == "Linen Shirt kostet 23,00\xa0€."
    assert answer.sources == [f"catalog:product/{store.shirt_id}:price:EUR"]


def test_size_hands_over_to_the_advisor_and_material_quotes_the_seller(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    size = ask(db, eng, "US", "Which size should I get? I'm 180 cm", "acme-shirt")
    assert size.intent == "size"
    assert f"fit:advisor:product/{store.shirt_id}" in size.sources
    assert "181 cm tall and wears M" in size.answer
    care = ask(db, eng, "EU", "¿Cómo se lava? ¿De qué material es?", "acme-shirt")
    assert (
        care.answer == "Material y cuidado de Linen Shirt, según el vendedor: "
        "100% European linen. Machine wash 30 °C, line dry."
    )


def test_credentials_name_only_displayable_ones(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "Ist das Hemd zertifiziert?", "acme-shirt")
    assert answer.intent == "credentials" and not answer.escalated
    assert VALID_CLAIM in answer.answer
    assert EXPIRED_CLAIM not in answer.answer and "ISO" not in answer.answer


@pytest.mark.parametrize(
    ("question", "lang", "reply"),
    [
        (
            "Will this shirt cure my eczema?",
            "en",
            "Your question has gone to the host, who will answer you here shortly.",
        ),
        (
            "Kann ich mit PayPal bezahlen?",
            "de",
            "Ihre Frage ist beim Host, der Ihnen hier gleich antwortet.",
        ),
        (
            "この服は妊娠中でも安全ですか？",
            "ja",
            "ご質問はホストに送りました。まもなくここで回答します。",
        ),
        (
            "Posso pagar com Pix?",
            "pt",
            "Sua pergunta foi enviada ao apresentador, que vai responder aqui em breve.",
        ),
        (
            "What is the host's favourite film?",
            "en",
            "Your question has gone to the host, who will answer you here shortly.",
        ),
    ],
)
def test_medical_payment_and_unknown_questions_escalate(
    db: Session, eng: service.Engine, store: AskShop, question: str, lang: str, reply: str
) -> None:
    answer = ask(db, eng, "EU", question, "acme-shirt")
    assert (answer.escalated, answer.language, answer.answer, answer.sources) == (
        True,
        lang,
        reply,
        [],
    )


def test_a_product_question_without_a_product_escalates(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    answer = ask(db, eng, "EU", "How much is it?")
    assert answer.escalated and answer.sources == []


def test_faq_entry_answers_in_the_viewers_language_or_says_which_it_is(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    seller = store.shop.seller_id
    service.save_faq(
        db,
        eng,
        seller,
        FaqIn(
            topic="gift-wrap",
            language="en",
            question="Do you offer gift wrapping?",
            answer="Yes, free gift box at checkout.",
        ),
    )
    service.save_faq(
        db,
        eng,
        seller,
        FaqIn(
            topic="gift-wrap",
            language="de",
            question="Bietet ihr Geschenkverpackung an?",
            answer="Ja, kostenlose Geschenkbox an der Kasse.",
        ),
    )
    de = ask(db, eng, "EU", "Könnt ihr es als Geschenk verpacken?")
    assert (de.intent, de.answer) == ("faq", "Ja, kostenlose Geschenkbox an der Kasse.")
    fr = ask(db, eng, "EU", "Vous faites des emballages cadeaux ?")
    assert fr.intent == "faq"
    assert fr.answer == "La réponse du vendeur (en anglais) : Yes, free gift box at checkout."


def test_faq_topic_and_language_are_unique_and_validated(
    db: Session, eng: service.Engine, store: AskShop
) -> None:
    data = FaqIn(topic="Gift-Wrap", language="en", question="Gift wrap?", answer="Yes.")
    assert data.topic == "gift-wrap"
    service.save_faq(db, None, store.shop.seller_id, data)
    with pytest.raises(Exception, match="already has a en entry"):
        service.save_faq(db, None, store.shop.seller_id, data)
    with pytest.raises(ValueError, match="language must be one of"):
        FaqIn(topic="x", language="sv", question="Frakt?", answer="Ja")
    assert len(service.list_faq(db, store.shop.seller_id)) == 1


def test_material_quotes_the_sellers_approved_translation_in_the_viewers_language(
    session_factory: sessionmaker[Session], db: Session, eng: service.Engine, store: AskShop
) -> None:
    seller_id = store.shop.seller_id
    with transaction(session_factory) as arrange:
        content.save(
            arrange,
            seller_id,
            "product",
            store.shirt_id,
            "materials",
            "es",
            "100 % lino europeo. Lavar a 30 °C, secar tendido.",
        )
        content.save(arrange, seller_id, "product", store.shirt_id, "title", "es", "Camisa de lino")
        # A machine draft is not the seller's word: never quoted.
        content.save(
            arrange,
            seller_id,
            "product",
            store.shirt_id,
            "materials",
            "de",
            "100 % europäisches Leinen.",
            status="machine",
        )
    care = ask(db, eng, "EU", "¿Cómo se lava? ¿De qué material es?", "acme-shirt")
    assert care.answer == (
        "Material y cuidado de Camisa de lino, según el vendedor: "
        "100 % lino europeo. Lavar a 30 °C, secar tendido."
    )
    assert care.sources == [f"content:product/{store.shirt_id}:materials:es"]
    german = ask(db, eng, "EU", "Wie wasche ich das Hemd? Welches Material?", "acme-shirt")
    assert german.intent == "material"
    assert "100% European linen. Machine wash 30 °C, line dry." in german.answer
