"""What `crosslive demo` seeds: catalog, pictures, size charts, credentials, markets, show."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crosslive.answers import service as answers_service
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.images import image_file
from crosslive.catalog.models import Category, Lighting, Product
from crosslive.chat.moderation import ProfanityFilter
from crosslive.content import service as content
from crosslive.db import utcnow
from crosslive.demo import stage, stage_moves, store_data, viewers_data
from crosslive.events.models import ShowEvent
from crosslive.live import service as live_service
from crosslive.live.audience import Audience
from crosslive.live.cards import product_card
from crosslive.markets import service as markets_service
from crosslive.markets.models import LabelPaidBy, Market
from crosslive.markets.presets import PRESETS
from crosslive.returns import service as returns_service
from crosslive.returns.models import LaneCost
from crosslive.shows.models import Show, ShowState
from crosslive.trust import service as trust_service
from crosslive.trust.evidence import evidence_path
from crosslive.trust.models import Credential, CredentialType

from .conftest import Seeded

CATEGORIES = {
    Category.APPAREL,
    Category.SHOES,
    Category.BEAUTY,
    Category.ELECTRONICS,
    Category.HOME,
}
CURRENCIES = {"USD", "EUR", "GBP", "JPY", "KRW"}

SCHEDULED = store_data.SHOW.slug


def products(db: Session) -> list[Product]:
    return list(db.scalars(select(Product).order_by(Product.id)))


def test_catalog_spans_five_categories_with_priced_variants(demo_db: Session) -> None:
    catalog = products(demo_db)
    assert len(catalog) == 18
    assert {p.category for p in catalog} == CATEGORIES
    assert Counter(p.category for p in catalog) == {
        Category.APPAREL: 5,
        Category.SHOES: 3,
        Category.BEAUTY: 3,
        Category.ELECTRONICS: 4,
        Category.HOME: 3,
    }
    for product in catalog:
        assert product.variants, product.handle
        assert product.materials and product.description_html
        for variant in product.variants:
            assert {p.currency for p in variant.prices} == CURRENCIES, variant.sku
            assert all(p.amount_minor > 0 for p in variant.prices)
    tee = next(p for p in catalog if p.handle == "heavyweight-cotton-tee")
    assert len(tee.variants) == 15  # 3 colours x 5 sizes
    medium_white = next(v for v in tee.variants if v.label == "White / M")
    assert medium_white.sku == "QL-TEE-WHT-M"
    assert {p.currency: p.amount_minor for p in medium_white.prices} == {
        "USD": 3200,
        "EUR": 3200,
        "GBP": 2800,
        "JPY": 4400,
        "KRW": 42000,
    }


def test_every_product_has_studio_and_daylight_pictures_on_disk(
    demo_db: Session, seeded: Seeded
) -> None:
    for product in products(demo_db):
        lightings = Counter(image.lighting for image in product.images)
        assert lightings[Lighting.STUDIO] >= 1 and lightings[Lighting.NATURAL] == 1, product.handle
        for image in product.images:
            path = image_file(seeded.settings, image.src)
            assert path is not None and path.is_file(), image.src
            with Image.open(path) as picture:
                assert (picture.format, picture.size) == ("JPEG", (800, 800))
                picture.load()
            assert image.alt.startswith(product.title)
        studio_ids = {i.id for i in product.images if i.lighting == Lighting.STUDIO}
        for variant in product.variants:
            assert variant.image_id in studio_ids, variant.sku


def test_apparel_and_shoes_have_size_charts_for_every_size(demo_db: Session) -> None:
    for product in products(demo_db):
        if product.category not in (Category.APPAREL, Category.SHOES):
            assert product.size_chart == [], product.handle
            continue
        sizes = {v.option2 for v in product.variants}
        assert {row.size_label for row in product.size_chart} == sizes, product.handle
        for row in product.size_chart:
            assert row.measurements_cm and all(v > 0 for v in row.measurements_cm.values())
        if product.category == Category.APPAREL:
            assert product.model_height_cm and product.model_size_worn in sizes
    tee = next(p for p in products(demo_db) if p.handle == "heavyweight-cotton-tee")
    chart = {row.size_label: row.measurements_cm for row in tee.size_chart}
    assert chart["M"] == {"chest": 108.0, "length": 72.0, "shoulder": 50.0, "sleeve": 22.0}
    assert chart["XL"] == {"chest": 120.0, "length": 76.0, "shoulder": 54.0, "sleeve": 24.0}
    assert (tee.model_height_cm, tee.model_weight_kg, tee.model_size_worn) == (183, 74, "L")


def test_every_product_discloses_its_flaws(demo_db: Session) -> None:
    for product in products(demo_db):
        assert len(product.disclosed_flaws) >= 2, product.handle
    tee = next(p for p in products(demo_db) if p.handle == "heavyweight-cotton-tee")
    assert "white colourway is slightly translucent" in tee.disclosed_flaws[0]


def test_credentials_of_every_type_have_evidence_matching_its_hash(
    demo_db: Session, seeded: Seeded
) -> None:
    credentials = list(demo_db.scalars(select(Credential)))
    assert {c.type for c in credentials} == set(CredentialType)
    assert len(credentials) == 15
    for credential in credentials:
        record = credential.evidence
        assert record is not None, credential.claim
        data = evidence_path(seeded.settings, record).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record.sha256
        assert len(data) == record.size_bytes
        if record.media_type == "application/pdf":
            assert data.startswith(b"%PDF-") and record.original_name.endswith(".pdf")
        else:
            assert record.media_type == "image/png"
            with Image.open(evidence_path(seeded.settings, record)) as picture:
                assert picture.format == "PNG" and picture.width >= 800
                picture.load()
        assert credential.issuer and credential.identifier
        assert credential.all_products or credential.products


def test_only_the_expired_and_the_withdrawn_credential_are_withheld_from_viewers(
    demo_db: Session, seeded: Seeded
) -> None:
    today = seeded.started.date()
    withheld = {
        c.identifier: trust_service.display_problems(c, today)
        for c in demo_db.scalars(select(Credential))
        if trust_service.display_problems(c, today)
    }
    assert withheld == {"AQC-QMS-2023-1187": ["expired"], "GTC-OCS-2026-40517": ["withdrawn"]}


def test_the_down_jacket_ships_from_the_origin_and_says_so(demo_db: Session) -> None:
    eu = demo_db.scalars(select(Market).where(Market.code == "EU")).one()
    jacket = demo_db.scalars(select(Product).where(Product.handle == "packable-down-jacket")).one()
    card = product_card(demo_db, jacket, Audience(eu, "en", "DE"), date(2026, 12, 1))
    assert (card["delivery"]["city"], card["delivery"]["days_max"]) == ("Shenzhen", 15)
    assert card["shipping"].startswith("€9.95")
    tee = demo_db.scalars(select(Product).where(Product.handle == "heavyweight-cotton-tee")).one()
    assert (
        product_card(demo_db, tee, Audience(eu, "en", "DE"), date(2026, 12, 1))["delivery"]["city"]
        == "Venlo"
    )


def test_markets_ship_from_local_warehouses_with_concrete_return_policies(
    demo_db: Session,
) -> None:
    markets = {m.code: m for m in demo_db.scalars(select(Market))}
    assert set(markets) == {"US", "EU", "UK", "JP", "KR"}
    for market in markets.values():
        local = [r for r in market.routes if r.warehouse.country in market.countries]
        assert local, market.code
        assert market.return_warehouse is not None
        assert market.return_warehouse.country in market.countries
        assert market.return_window_days >= 14 and market.keep_it_below_minor > 0
    us = markets["US"]
    routes = {r.warehouse.city: (r.delivery_days_min, r.delivery_days_max) for r in us.routes}
    assert routes == {"Los Angeles": (2, 5), "Shenzhen": (8, 14)}
    assert (us.currency, us.keep_it_below_minor, us.return_label_paid_by) == (
        "USD",
        1500,
        LabelPaidBy.SELLER,
    )
    assert markets["EU"].return_warehouse.city == "Venlo"
    assert "DE" in markets["EU"].countries and "FR" in markets["EU"].countries
    assert markets["KR"].return_label_paid_by == LabelPaidBy.BUYER
    # The ready-made markets' rules, with the store's own emphasis on top.
    for code, market in markets.items():
        assert market.required_disclosures == list(PRESETS[code].required_disclosures), code
    assert markets_service.effective_weights(markets["JP"])["certification"] == 5
    assert markets_service.effective_weights(markets["KR"])["reviews"] == 5


def test_show_is_scheduled_minutes_ahead_with_hosts_and_a_lineup(
    demo_db: Session, seeded: Seeded
) -> None:
    show = demo_db.scalars(select(Show).where(Show.slug == SCHEDULED)).one()
    assert show.state == ShowState.SCHEDULED
    assert show.slug == "autumn-layers-desk-upgrades-live-from-hangzhou"
    minutes = (show.scheduled_at - seeded.started).total_seconds() / 60
    assert 4 <= minutes <= 6
    assert [item.product.handle for item in show.lineup] == [
        "heavyweight-cotton-tee",
        "merino-blend-crew-sweater",
        "knit-everyday-sneaker",
        "anc-wireless-earbuds",
        "gan-charger-65w",
        "stoneware-mug",
    ]
    hosts = {(h.user.role, h.is_lead) for h in show.hosts}
    assert hosts == {(Role.HOST, True), (Role.OWNER, False)}
    lead = next(h.user for h in show.hosts if h.is_lead)
    assert demo_db.get(StaffUser, lead.id) is not None


def test_a_second_show_is_live_from_the_start_with_the_host_leading(
    demo_db: Session, seeded: Seeded
) -> None:
    show = demo_db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
    assert show.state == ShowState.LIVE
    assert show.started_at is not None and show.started_at >= seeded.started
    assert [item.product.handle for item in show.lineup] == [
        "anc-wireless-earbuds",
        "gan-charger-65w",
        "stoneware-mug",
    ]
    assert [(h.user.role, h.is_lead) for h in show.hosts] == [(Role.HOST, True)]
    # The host shows the first product: a viewer opening the room sees its card.
    assert [p.handle for p in live_service.pinned_products(demo_db, show.id)] == [
        "anc-wireless-earbuds"
    ]
    # the scheduled show, the live one, and the six ended ones of the store's past
    assert demo_db.scalar(select(func.count()).select_from(Show)) == 8
    ended = demo_db.scalars(select(Show.state).where(Show.state == ShowState.ENDED)).all()
    assert len(ended) == 6


def test_every_market_has_lane_costs_and_the_economics_have_figures(demo_db: Session) -> None:
    lanes = {lane.market_id: lane for lane in demo_db.scalars(select(LaneCost))}
    markets = {m.code: m for m in demo_db.scalars(select(Market))}
    assert {code for code, m in markets.items() if m.id in lanes} == set(markets)
    us = lanes[markets["US"].id]
    assert (us.outbound_minor, us.return_shipping_minor, us.handling_minor) == (650, 1200, 400)
    owner = demo_db.scalars(select(StaffUser).where(StaffUser.role == Role.OWNER)).one()
    economics = returns_service.lane_economics(demo_db, owner)
    by_code = {m.market_code: m for m in economics.markets}
    # US: (12.00 + 4.00) / 0.85 (apparel, the most resellable of the store's categories)
    assert by_code["US"].suggested_keep_it_minor == 1800
    # Every priced variant carries a unit cost, so the margins are checked.
    assert all(
        p.unit_cost_minor is not None
        for prod in products(demo_db)
        for v in prod.variants
        for p in v.prices
    )
    assert all(w.margin_minor < w.expected_return_cost_minor for w in economics.warnings)


def _log(db: Session, show: Show, after: int = 0) -> list[ShowEvent]:
    query = select(ShowEvent).where(ShowEvent.show_id == show.id, ShowEvent.id > after)
    return list(db.scalars(query.order_by(ShowEvent.id)))


def test_the_live_show_opens_with_a_pin_a_pushed_card_and_chat_in_seven_languages(
    demo_db: Session,
) -> None:
    """What a newcomer sees from the live room's first second: the log the show went live
    with, in the same transaction (the rest comes from the stage while the demo serves)."""
    show = demo_db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
    log = _log(demo_db, show)
    assert [e.kind for e in log[:9]] == ["pinned", "credential_pushed"] + ["message"] * 7
    earbuds = next(p for p in products(demo_db) if p.handle == "anc-wireless-earbuds")
    assert log[0].payload == {"product_id": earbuds.id}
    card = demo_db.get(Credential, log[1].payload["credential_id"])
    assert card is not None and card.all_products  # every viewer of the show may see it
    chat = {e.payload["name"]: e.payload for e in log[2:9]}
    assert [(name, line["lang"]) for name, line in chat.items()] == [
        ("Emma", "en"),
        ("Lukas", "de"),
        ("Yuki", "ja"),
        ("Camille", "fr"),
        ("Lucía", "es"),
        ("Minji", "ko"),
        ("Wei", "zh-Hans"),
    ]
    # Each line reads in every other supported language, written for the demo.
    assert (
        chat["Lukas"]["translations"]["ja"]
        == "ベルリンからこんにちは！今日のラインナップ、いいですね。"
    )
    assert chat["Yuki"]["translations"]["en"] == "Watching from Tokyo!"
    assert chat["Wei"]["translations"]["ar"] == "مرحبًا بالجميع، أشاهد من لندن!"
    assert all(None not in line["translations"].values() for line in chat.values())
    assert all(len(line["translations"]) == 8 for line in chat.values())


def test_a_beat_of_the_stage_answers_a_viewer_pins_the_next_product_and_pushes_a_card(
    demo_db: Session, seeded: Seeded
) -> None:
    """One beat of what `crosslive demo` plays while it serves, through the chat, answers and
    host console services (rolled back afterwards)."""
    show = demo_db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
    before = max(e.id for e in _log(demo_db, show))
    beat = stage.Beat(9, viewers_data.LUKAS, viewers_data.LUKAS.lines[1], pin=True, push=True)
    stage.play(
        demo_db,
        beat,
        settings=seeded.settings,
        profanity=ProfanityFilter(),
        answers=answers_service.engine(),
    )
    events = _log(demo_db, show, before)
    kinds = [e.kind for e in events]
    assert kinds == ["unpinned", "pinned", "credential_pushed", "message", "auto_answer"]
    log = {e.kind: e.payload for e in events}
    charger = next(p for p in products(demo_db) if p.handle == "gan-charger-65w")
    assert [p.id for p in live_service.pinned_products(demo_db, show.id)] == [charger.id]
    pushed = log["credential_pushed"]["credential_id"]
    assert pushed in stage_moves.pushable(demo_db, show, date.today())
    message = log["message"]
    assert (message["name"], message["body"], message["question"]) == (
        "Lukas",
        "Wie lange dauert der Versand nach Deutschland?",
        True,
    )
    assert message["translations"]["en"] == "How long does shipping to Germany take?"
    answer = log["auto_answer"]
    assert (answer["message_id"], answer["language"], answer["escalated"]) == (
        message["message_id"],
        "de",
        False,
    )
    assert answer["answer"].startswith("Lieferung – Deutschland: 2-5 Tage")  # noqa: RUF001
    # A viewer reading English (or any other language) reads it in theirs: same facts.
    assert answer["translations"]["en"].startswith("Delivery – Germany: 2-5 days")  # noqa: RUF001


def test_some_products_and_the_live_show_read_in_german_and_japanese(demo_db: Session) -> None:
    earbuds = next(p for p in products(demo_db) if p.handle == "anc-wireless-earbuds")
    mug = next(p for p in products(demo_db) if p.handle == "stoneware-mug")
    german = content.one(demo_db, "product", earbuds.id, "de")
    assert german.get("title", earbuds.title) == "Kabellose ANC-Ohrhörer" and not german.machine
    assert (
        content.one(demo_db, "product", earbuds.id, "ja").texts["title"] == "ANCワイヤレスイヤホン"
    )
    # The one machine draft, labelled until the owner approves it.
    draft = content.one(demo_db, "product", mug.id, "de")
    assert draft.machine_fields == {"title"}
    live = demo_db.scalars(select(Show).where(Show.slug == store_data.LIVE_SHOW.slug)).one()
    show = content.one(demo_db, "show", live.id, "de")
    assert show.texts["title"] == "Lieblingsstücke vom Studio-Schreibtisch, jetzt live"


def test_one_credential_is_verified_with_its_registry_link_the_rest_the_sellers(
    demo_db: Session, seeded: Seeded
) -> None:
    credentials = list(demo_db.scalars(select(Credential)))
    verified = [c for c in credentials if c.verified_at is not None]
    assert [c.identifier for c in verified] == ["23.HCN.58214"]
    check = trust_service.viewer_check(verified[0])
    assert check.url == "https://www.oeko-tex.com/en/detail?number=23.HCN.58214"
    assert verified[0].verifications[0].staff_user_id is not None
    # The rest stay the seller's word, and the organic-cotton one was withdrawn.
    assert len([c for c in credentials if c.verified_at is None]) == 14
    withdrawn = [c.identifier for c in credentials if c.withdrawn]
    assert withdrawn == ["GTC-OCS-2026-40517"]


def test_every_question_of_the_simulated_viewers_is_answered_in_their_language(
    demo_db: Session,
) -> None:
    show = demo_db.scalars(select(Show).where(Show.slug == "studio-desk-live")).one()
    engine = answers_service.engine()
    asked = [
        (viewer, viewer.original(line))
        for viewer in viewers_data.VIEWERS
        for line in viewer.lines
        if line.question
    ]
    assert len(asked) == 10
    for viewer, question in asked:
        answer = answers_service.ask(
            demo_db, engine, show=show, market_code=viewer.market, question=question, now=utcnow()
        )
        assert (answer.escalated, answer.language) == (False, viewer.language), question
