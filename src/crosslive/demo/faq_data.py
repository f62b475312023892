"""The demo store's own FAQ entries for instant answers: gift wrapping in every supported
language, a change of address in English and Chinese only (other viewers get the English
answer, labelled as such)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.answers import service as answers
from crosslive.answers.schemas import FaqIn
from crosslive.settings import Settings

GIFT_WRAP = {
    "en": (
        "Do you offer gift wrapping?",
        "Yes: tick \u201cgift wrap\u201d at checkout and we pack it in a gift box with a card, free of charge.",
    ),
    "de": (
        "Bietet ihr Geschenkverpackung an?",
        "Ja: Wähle an der Kasse \u201eGeschenkverpackung\u201c, dann packen wir es kostenlos in eine Geschenkbox mit Karte.",
    ),
    "fr": (
        "Proposez-vous un emballage cadeau ?",
        "Oui : cochez \u00ab emballage cadeau \u00bb au paiement, nous l'emballons gratuitement dans une boîte cadeau avec une carte.",
    ),
    "es": (
        "¿Ofrecéis envoltorio de regalo?",
        "Sí: marca \u00abenvoltorio de regalo\u00bb al pagar y lo enviamos gratis en una caja de regalo con tarjeta.",
    ),
    "it": (
        "Offrite la confezione regalo?",
        "Sì: scegli \u00abconfezione regalo\u00bb al checkout e lo impacchettiamo gratis in una scatola regalo con biglietto.",
    ),
    "ja": (
        "ギフト包装はありますか？",
        "はい。ご購入時に「ギフト包装」を選ぶと、カード付きのギフトボックスに無料でお包みします。",
    ),
    "ko": (
        "선물 포장 되나요?",
        "네. 결제할 때 \u2018선물 포장\u2019을 선택하시면 카드와 함께 선물 상자에 무료로 포장해 드립니다.",
    ),
    "zh-Hans": (
        "可以礼品包装吗？",
        "可以：结账时勾选\u201c礼品包装\u201d，我们会免费装进附卡片的礼品盒。",
    ),
    "ar": (
        "هل تقدمون تغليف الهدايا؟",
        "نعم: اختر \u00abتغليف هدية\u00bb عند الدفع وسنغلفه مجانًا في علبة هدايا مع بطاقة.",
    ),
    "pt": (
        "Vocês fazem embrulho para presente?",
        "Sim: marque \u00abembrulho para presente\u00bb ao pagar e enviamos grátis numa caixa de presente com cartão.",
    ),
    "pl": (
        "Czy pakujecie na prezent?",
        "Tak: przy zamówieniu zaznacz \u201epakowanie na prezent\u201d, a bezpłatnie zapakujemy produkt w pudełko prezentowe z kartką.",
    ),
    "nl": (
        "Kunnen jullie het als cadeau inpakken?",
        "Ja: vink bij het afrekenen \u2018cadeauverpakking\u2019 aan, dan pakken we het gratis in een cadeaudoos met kaartje in.",
    ),
}
ADDRESS_CHANGE = {
    "en": (
        "Can I change my delivery address after ordering?",
        "Yes, until the parcel leaves the warehouse: reply to your order confirmation email with the new address.",
    ),
    "zh-Hans": ("下单后可以改收货地址吗？", "可以，在包裹出库前回复订单确认邮件并写明新地址即可。"),
}


def seed_faq(db: Session, settings: Settings, seller_id: int) -> int:
    eng = answers.engine(settings.data_dir / "answers")
    count = 0
    for topic, entries in (("gift-wrap", GIFT_WRAP), ("address-change", ADDRESS_CHANGE)):
        for language, (question, answer) in entries.items():
            data = FaqIn(topic=topic, language=language, question=question, answer=answer)
            answers.save_faq(db, eng, seller_id, data)
            count += 1
    return count
