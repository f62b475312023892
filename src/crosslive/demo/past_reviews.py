"""Verified-purchase reviews for the demo's delivered orders, so the product sheet shows a
rating distribution, reviews in several languages and the incentive label.

About a third of delivered lines get a review, written a few days after delivery in the
language of the buyer's market (EU buyers in German, French or Italian), with the stars
skewed the way shop ratings are (mostly 4 and 5, a few 1 and 2: the negative ones stay).
The first two reviews of the EU market are labelled as incentivised (a free sample and a
voucher), as the store told its testers to say. A product whose lines were delivered but drew
no review gets one on its first delivered line, so every sheet of a product sold shows some.
Reviews go through reviews.service.post, the same rules a buyer's review obeys.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crosslive.catalog.models import Variant
from crosslive.orders.models import Order, OrderLine
from crosslive.reviews import service

REVIEWED_SHARE = 0.35
STARS = (5, 5, 5, 5, 4, 4, 4, 3, 2, 1)
# Per language, per star rating: (title, body) pairs that fit any product of the demo.
TEXTS: dict[str, dict[int, tuple[tuple[str, str], ...]]] = {
    "en": {
        5: (
            (
                "Exactly as shown in the show",
                "Same colour as on camera, well packed, arrived early.",
            ),
            ("Love it", "Great quality for the price. I would buy it again."),
        ),
        4: (("Very good", "Nice finish; delivery took a couple of days longer than promised."),),
        3: (("OK", "Does the job, but the material feels thinner than I expected."),),
        2: (("Not quite", "The colour is darker than in the daylight photo."),),
        1: (("Disappointed", "A seam came loose after the first week."),),
    },
    "de": {
        5: (("Genau wie in der Show", "Farbe wie gezeigt, gut verpackt, schnell da."),),
        4: (("Sehr gut", "Schöne Verarbeitung, nur die Lieferung dauerte etwas länger."),),
        3: (("In Ordnung", "Erfüllt seinen Zweck, das Material ist aber dünner als gedacht."),),
        2: (("Eher nicht", "Die Farbe ist dunkler als auf dem Tageslichtfoto."),),
        1: (("Enttäuscht", "Nach einer Woche hat sich eine Naht gelöst."),),
    },
    "fr": {
        5: (("Conforme au live", "Même couleur qu'à l'écran, bien emballé, livré vite."),),
        4: (("Très bien", "Belles finitions ; la livraison a pris un peu plus de temps."),),
        3: (("Correct", "Fait l'affaire, mais la matière est plus fine que prévu."),),
        2: (("Bof", "La couleur est plus foncée que sur la photo en lumière du jour."),),
        1: (("Déçue", "Une couture s'est défaite au bout d'une semaine."),),
    },
    "it": {
        5: (("Come nella diretta", "Colore identico, imballato bene, arrivato presto."),),
        4: (("Molto bene", "Ottime finiture; la consegna ha richiesto qualche giorno in più."),),
        3: (("Discreto", "Fa il suo dovere, ma il materiale è più sottile del previsto."),),
        2: (("Non proprio", "Il colore è più scuro che nella foto alla luce del giorno."),),
        1: (("Deluso", "Una cucitura si è scucita dopo una settimana."),),
    },
    "ja": {
        5: (("ライブで見たとおり", "色も質感も配信のとおりで、梱包も丁寧でした。"),),
        4: (("満足です", "仕上がりは良いです。配送が少し遅れました。"),),
        3: (("普通", "使えますが、生地が思ったより薄いです。"),),
        2: (("いまひとつ", "自然光の写真より色が濃いです。"),),
        1: (("残念", "一週間で縫い目がほつれました。"),),
    },
    "ko": {
        5: (("방송에서 본 그대로예요", "색상도 똑같고 포장도 꼼꼼했어요."),),
        4: (("좋아요", "마감이 좋아요. 배송이 조금 늦었어요."),),
        3: (("보통이에요", "쓸 만하지만 소재가 생각보다 얇아요."),),
        2: (("아쉬워요", "자연광 사진보다 색이 어두워요."),),
        1: (("실망했어요", "일주일 만에 솔기가 풀렸어요."),),
    },
}
LANGUAGES = {"US": ("en",), "UK": ("en",), "EU": ("de", "fr", "it"), "JP": ("ja",), "KR": ("ko",)}
INCENTIVES = ("a free sample from the store", "a 10% voucher for the next order")


def add_reviews(
    db: Session, delivered: list[Order], rng: random.Random, now: datetime | None = None
) -> int:
    """Review about a third of DELIVERED's lines, then the first delivered line of each
    product no review has yet, so every product a buyer received shows reviews on its
    sheet; how many reviews were written."""
    incentives = list(INCENTIVES)
    # No review later than the past's last delivery, which was before NOW.
    last = max((o.delivered_at for o in delivered if o.delivered_at is not None), default=None)
    reviewed: list[int | None] = []  # the product of each review written
    for order in delivered:
        for line in order.lines:
            if rng.random() >= REVIEWED_SHARE or order.delivered_at is None:
                continue
            given = incentives.pop(0) if order.market_code == "EU" and incentives else ""
            _review(db, rng, order, line, given, last)
            reviewed.append(_product_id(db, line))
    for order in delivered:
        for line in order.lines:
            product_id = _product_id(db, line)
            if product_id is None or product_id in reviewed or order.delivered_at is None:
                continue
            _review(db, rng, order, line, "", last)
            reviewed.append(product_id)
    return len(reviewed)


def _product_id(db: Session, line: OrderLine) -> int | None:
    variant = db.get(Variant, line.variant_id) if line.variant_id is not None else None
    return variant.product_id if variant is not None else None


def _review(
    db: Session,
    rng: random.Random,
    order: Order,
    line: OrderLine,
    given: str,
    last: datetime | None,
) -> None:
    """The buyer of ORDER reviews LINE a few days after delivery (not after LAST), in their
    market's language; GIVEN: what they received for it ('' for nothing)."""
    assert order.delivered_at is not None
    lang = rng.choice(LANGUAGES.get(order.market_code, ("en",)))
    stars = rng.choice(STARS)
    title, body = rng.choice(TEXTS[lang][stars])
    draft = service.check(stars, title, body, lang, bool(given), given)
    at = order.delivered_at + timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 20))
    at = min(at, last) if last is not None else at
    service.post(db, order, line.id, draft, now=at)
