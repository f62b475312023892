"""Words that point at an intent, in the supported languages. They back up the sentence
vectors where those are weak (brand names, short questions): a payment method or a health
word always sends the question to the host; other cues add a small bonus to their intent."""

from __future__ import annotations

import re

from crosslive.answers import exemplars as ex


def _any(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.IGNORECASE)


# Any of these: the host answers, never the facts.
ESCALATION_CUES: dict[str, re.Pattern[str]] = {
    ex.PAYMENT: _any(
        r"paypal", r"klarna", r"bitcoin", r"crypto", r"krypto", r"apple ?pay", r"google ?pay",
        r"alipay", r"支付宝", r"微信支付", r"微信付", r"银联", r"货到付款", r"paypay", r"代引",
        r"コンビニ払い", r"後払い", r"분할", r"네이버페이", r"카카오페이", r"토스페이", r"소액결제",
        r"무통장", r"bizum", r"satispay", r"bonifico", r"virement", r"überweisung", r"rechnung",
        r"cash on delivery", r"contrassegno", r"contra ?reembolso", r"chèque", r"cheque",
        r"instal?ments?", r"raten", r"plazos", r"a rate", r"plusieurs fois", r"分期", r"تابي",
        r"tabby", r"tamara", r"الدفع عند الاستلام", r"تحويل بنكي", r"bank transfer",
        r"wire transfer", r"pay later", r"afterpay", r"venmo", r"zelle",
    ),
    ex.MEDICAL: _any(
        r"\bcure", r"\bheal", r"\btreat", r"acne", r"eczema", r"eczéma", r"pregnan",
        r"allerg", r"dermatit", r"rosac", r"back pain", r"\bpain\b", r"disease", r"psoria",
        r"neurodermitis", r"schwanger", r"heilt", r"hilft gegen", r"soigne", r"grossesse",
        r"bébé", r"embarazo", r"gravidanza", r"acné", r"tratar", r"curar",
        r"湿疹", r"痘", r"孕", r"治", r"疾病", r"ニキビ", r"アトピー", r"妊娠", r"治り", r"治る",
        r"効き", r"여드름", r"아토피", r"임신", r"낫", r"치료", r"يعالج", r"حب الشباب", r"الحمل",
        r"حساسية", r"علاج", r"pacemaker", r"baby", r"bebé",
    ),
    ex.OTHER: _any(
        r"discount", r"coupon", r"promo", r"rabatt", r"gutschein", r"sconto", r"descuento",
        r"割引", r"クーポン", r"优惠", r"折扣", r"할인", r"쿠폰", r"خصم", r"wholesale",
        r"großhandel", r"en gros", r"du gros", r"al por mayor", r"ingrosso", r"卸", r"批发",
        r"代理", r"도매", r"جملة", r"factory", r"fabrik", r"usine", r"fábrica", r"fabbrica",
        r"工場", r"工厂", r"공장", r"مصنع", r"werkstatt besichtigen", r"visit", r"besichtigen",
        r"visiter", r"見学", r"参观", r"방문", r"زيارة", r"distribu", r"reseller", r"händler",
        r"boutique à", r"physical store", r"tienda física", r"negozio fisico", r"pick it up",
        r"abholen", r"retirer en", r"recoger en",
    ),
}

# Each present: a bonus for its intent.
CUES: dict[str, re.Pattern[str]] = {
    ex.DELIVERY: _any(
        r"ship", r"deliver", r"arriv", r"versand", r"versend", r"liefer", r"paket",
        r"livr", r"expédi", r"envoi", r"frais de port", r"colis", r"port\b", r"envío", r"envia", r"envían", r"llega",
        r"spedi", r"consegn", r"arriva", r"pacco", r"配送", r"発送", r"送料", r"届", r"到着",
        r"送れ", r"发货", r"运费", r"邮费", r"到货", r"收到", r"寄", r"几天到", r"배송", r"받을",
        r"받아", r"도착", r"شحن", r"توصيل", r"يصل", r"يصلني", r"توصلون",
    ),
    ex.RETURNS: _any(
        r"return", r"send it back", r"refund", r"rück", r"zurück", r"umtausch", r"retour",
        r"renvoy", r"devol", r"devuel", r"reso\b", r"resi\b", r"rendere", r"renderlo",
        r"restitu", r"返品", r"返送", r"退货", r"退吗", r"退款", r"可以退", r"반품", r"환불",
        r"إرجاع", r"ارجاع", r"استرجاع",
    ),
    ex.PRICE: _any(
        r"how much", r"price", r"cost", r"kostet", r"preis", r"teuer", r"combien", r"prix",
        r"coûte", r"cuánto", r"cuesta", r"precio", r"vale\b", r"quanto", r"prezzo", r"costa",
        r"いくら", r"値段", r"価格", r"多少钱", r"价格", r"价钱", r"卖多少", r"얼마", r"가격",
        r"سعر", r"بكم", r"كم ثمن",
    ),
    ex.STOCK: _any(
        r"in stock", r"sold out", r"available", r"left\b", r"auf lager", r"vorrätig",
        r"ausverkauft", r"verfügbar", r"en stock", r"disponible", r"épuisé", r"agotad",
        r"queda", r"disponibil", r"esaurit", r"在庫", r"売り切れ", r"有货", r"有貨", r"还有",
        r"库存", r"售罄", r"재고", r"품절", r"متوفر", r"نفد",
    ),
    ex.SIZE: _any(
        r"what size", r"which size", r"size should", r"fit", r"true to size", r"run small",
        r"run large", r"welche größe", r"fällt", r"passt", r"quelle taille", r"taille-t-il",
        r"qué talla", r"talla normal", r"che taglia", r"veste", r"何サイズ", r"どのサイズ",
        r"大きめ", r"小さめ", r"什么码", r"偏大", r"偏小", r"尺码", r"무슨 사이즈",
        r"어떤 사이즈", r"크게 나", r"작게 나", r"المقاس المناسب", r"مقاس ال\S* واسع", r"\d+ ?kg",
        r"\d+ ?cm", r"\d+公斤", r"身高", r"키 ?\d",
    ),
    ex.MATERIAL: _any(
        r"made of", r"material", r"fabric", r"wash", r"care", r"cotton", r"wool", r"\bin it\b",
        r"lead.free", r"volt", r"woraus", r"waschen", r"baumwolle", r"wolle", r"matière",
        r"laver", r"entretenir", r"coton", r"laine", r"faites en", r"algodón", r"lava",
        r"lavar", r"tela", r"materiale", r"lana", r"cotone", r"lavastoviglie", r"素材",
        r"洗濯", r"洗え", r"綿", r"ウール", r"材质", r"面料", r"洗", r"棉", r"소재", r"세탁",
        r"면 ", r"خامة", r"قماش", r"أغسل", r"قطن", r"صوف",
    ),
    ex.CREDENTIALS: _any(
        r"certif", r"authentic", r"genuine", r"\bfcc\b", r"\bce\b", r"\bpse\b", r"\bkc\b",
        r"oeko", r"zertifi", r"prüfsiegel", r"siegel", r"echt\b", r"認証", r"本物", r"マーク",
        r"认证", r"正品", r"资质", r"인증", r"정품", r"شهادة", r"معتمد", r"أصلي",
    ),
    ex.NEXT_SHOW: _any(
        r"next show", r"livestream", r"go live", r"next live", r"nächste show",
        r"nächste.{0,5}live", r"prochain live", r"prochaine émission", r"en direct",
        r"próximo directo", r"siguiente directo", r"prossima (live|diretta)", r"配信", r"ライブ",
        r"直播", r"라이브", r"방송", r"البث",
    ),
    ex.DUTIES: _any(
        r"customs", r"dut(y|ies)", r"import fee", r"import tax", r"vat\b", r"taxes",
        r"zoll", r"mehrwertsteuer", r"mwst", r"douane", r"tva\b", r"aduana", r"arancel",
        r"iva\b", r"dogan", r"dazi", r"関税", r"消費税", r"关税", r"税", r"관세", r"부가세",
        r"جمارك", r"جمركية", r"ضريبة",
    ),
}
BONUS = 0.05


def escalation(question: str) -> str | None:
    """The escalation intent the question's words point at, if any."""
    for intent, pattern in ESCALATION_CUES.items():
        if pattern.search(question):
            return intent
    return None


def bonuses(question: str) -> dict[str, float]:
    return {intent: BONUS for intent, pattern in CUES.items() if pattern.search(question)}
