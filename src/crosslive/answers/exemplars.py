"""Example questions per intent and language: retrieval matches a viewer's question against
these (never against a stored answer), so each intent is phrased several ways in each
supported language. Intents in ESCALATE are never answered: they go to the host's queue."""

from __future__ import annotations

LANGUAGES = ("en", "de", "fr", "es", "it", "ja", "ko", "zh-Hans", "ar", "pt", "pl", "nl")

# Intents answered from the store's facts.
DELIVERY = "delivery"
RETURNS = "returns"
PRICE = "price"
STOCK = "stock"
SIZE = "size"
MATERIAL = "material"
CREDENTIALS = "credentials"
NEXT_SHOW = "next_show"
DUTIES = "duties"
# Intents that always go to the host.
PAYMENT = "payment"
MEDICAL = "medical"
OTHER = "other"
ESCALATE = frozenset({PAYMENT, MEDICAL, OTHER})
FAQ = "faq"

EXEMPLARS: dict[str, dict[str, tuple[str, ...]]] = {
    DELIVERY: {
        "en": (
            "How long does shipping take?",
            "When will my order arrive?",
            "How much is delivery to my country?",
            "Do you ship to Germany and what does it cost?",
            "How many days for delivery?",
        ),
        "de": (
            "Wie lange dauert der Versand?",
            "Wann kommt meine Bestellung an?",
            "Was kostet die Lieferung?",
            "Liefert ihr nach Österreich?",
        ),
        "fr": (
            "Combien de temps prend la livraison ?",
            "Quand vais-je recevoir ma commande ?",
            "Combien coûtent les frais de port ?",
            "Vous livrez en France ?",
        ),
        "es": (
            "¿Cuánto tarda el envío?",
            "¿Cuándo llega mi pedido?",
            "¿Cuánto cuesta el envío a España?",
            "¿Hacéis envíos a México?",
        ),
        "it": (
            "Quanto tempo ci vuole per la spedizione?",
            "Quando arriva il mio ordine?",
            "Quanto costa la spedizione?",
            "Spedite in Italia?",
        ),
        "ja": (
            "配送にはどのくらいかかりますか？",
            "いつ届きますか？",
            "送料はいくらですか？",
            "日本に発送できますか？",
        ),
        "ko": (
            "배송은 얼마나 걸리나요?",
            "언제 도착하나요?",
            "배송비는 얼마인가요?",
            "한국으로 배송되나요?",
        ),
        "zh-Hans": (
            "发货要多久？",
            "几天能到？",
            "运费多少钱？",
            "可以寄到美国吗？",
        ),
        "ar": (
            "كم يستغرق الشحن؟",
            "متى يصل طلبي؟",
            "كم تكلفة التوصيل؟",
            "هل تشحنون إلى ألمانيا؟",
        ),
        "pt": (
            "Quanto tempo demora a entrega?",
            "Quando chega meu pedido?",
            "Quanto custa o frete?",
            "Vocês enviam para o Brasil?",
        ),
        "pl": (
            "Ile trwa wysyłka?",
            "Kiedy dotrze moje zamówienie?",
            "Ile kosztuje dostawa?",
            "Wysyłacie do Polski?",
        ),
        "nl": (
            "Hoe lang duurt de verzending?",
            "Wanneer komt mijn bestelling aan?",
            "Wat kost de verzending?",
            "Verzenden jullie naar België?",
        ),
    },
    RETURNS: {
        "en": (
            "Can I return it?",
            "What is your return policy?",
            "Are returns free?",
            "Who pays for the return shipping label?",
            "How many days do I have to send it back?",
        ),
        "de": (
            "Kann ich es zurückschicken?",
            "Ist die Rücksendung kostenlos?",
            "Wie lange habe ich Zeit für eine Rückgabe?",
            "Wer zahlt das Rücksendeetikett?",
        ),
        "fr": (
            "Puis-je le retourner ?",
            "Les retours sont-ils gratuits ?",
            "Quel est le délai de retour ?",
            "Qui paie l'étiquette de retour ?",
        ),
        "es": (
            "¿Puedo devolverlo?",
            "¿La devolución es gratis?",
            "¿Cuántos días tengo para devolverlo?",
            "¿Quién paga la etiqueta de devolución?",
        ),
        "it": (
            "Posso restituirlo?",
            "Il reso è gratuito?",
            "Quanti giorni ho per il reso?",
            "Chi paga l'etichetta di reso?",
        ),
        "ja": (
            "返品できますか？",
            "返品は無料ですか？",
            "返品期限は何日ですか？",
            "返送料は誰が払いますか？",
        ),
        "ko": (
            "반품할 수 있나요?",
            "반품은 무료인가요?",
            "반품 기간은 며칠인가요?",
            "반품 배송비는 누가 내나요?",
        ),
        "zh-Hans": (
            "可以退货吗？",
            "退货免费吗？",
            "退货期限是几天？",
            "退货运费谁出？",
        ),
        "ar": (
            "هل يمكنني إرجاعه؟",
            "هل الإرجاع مجاني؟",
            "كم يوما لدي لإرجاع المنتج؟",
            "من يدفع ملصق الإرجاع؟",
        ),
        "pt": (
            "Posso devolver?",
            "A devolução é grátis?",
            "Quantos dias tenho para devolver?",
            "Quem paga a etiqueta de devolução?",
        ),
        "pl": (
            "Czy mogę to zwrócić?",
            "Czy zwrot jest darmowy?",
            "Ile mam dni na zwrot?",
            "Kto płaci za etykietę zwrotną?",
        ),
        "nl": (
            "Kan ik het retourneren?",
            "Is retourneren gratis?",
            "Hoeveel dagen heb ik om te retourneren?",
            "Wie betaalt het retourlabel?",
        ),
    },
    PRICE: {
        "en": (
            "How much is it?",
            "What does this cost?",
            "What's the price?",
            "How much is this one?",
        ),
        "de": ("Wie viel kostet das?", "Was ist der Preis?", "Was kostet es?"),
        "fr": ("Combien ça coûte ?", "Quel est le prix ?", "Ça fait combien ?"),
        "es": ("¿Cuánto cuesta?", "¿Qué precio tiene?", "¿Cuánto vale?"),
        "it": ("Quanto costa?", "Qual è il prezzo?", "Quanto viene?"),
        "ja": ("いくらですか？", "値段を教えてください", "価格はいくらですか？"),
        "ko": ("얼마예요?", "가격이 어떻게 되나요?", "가격 알려주세요"),
        "zh-Hans": ("多少钱？", "价格是多少？", "这个怎么卖？"),
        "ar": ("كم السعر؟", "بكم هذا؟", "ما ثمنه؟"),
        "pt": ("Quanto custa?", "Qual é o preço?", "Quanto é este?"),
        "pl": ("Ile to kosztuje?", "Jaka jest cena?", "Ile za to?"),
        "nl": ("Wat kost dit?", "Wat is de prijs?", "Hoeveel kost het?"),
    },
    STOCK: {
        "en": (
            "Is size M in stock?",
            "Do you have it in black?",
            "Is the white one available in L?",
            "Is it sold out?",
        ),
        "de": ("Gibt es das in Größe M?", "Ist Schwarz noch auf Lager?", "Ist es ausverkauft?"),
        "fr": ("Il reste la taille M ?", "Vous l'avez en noir ?", "Est-ce en stock ?"),
        "es": ("¿Hay talla M?", "¿Lo tienen en negro?", "¿Queda en stock?"),
        "it": ("C'è la taglia M?", "Ce l'avete in nero?", "È disponibile?"),
        "ja": ("Mサイズの在庫はありますか？", "黒はありますか？", "売り切れですか？"),
        "ko": ("M 사이즈 재고 있나요?", "검정색 있나요?", "품절인가요?"),
        "zh-Hans": ("M码有货吗？", "有黑色的吗？", "还有库存吗？"),
        "ar": ("هل المقاس M متوفر؟", "هل يوجد باللون الأسود؟", "هل نفدت الكمية؟"),
        "pt": ("Tem no tamanho M?", "Tem na cor preta?", "Está esgotado?"),
        "pl": ("Jest rozmiar M?", "Macie to w czarnym?", "Czy jest wyprzedane?"),
        "nl": ("Is maat M er nog?", "Hebben jullie dit in het zwart?", "Is het uitverkocht?"),
    },
    SIZE: {
        "en": (
            "What size should I get?",
            "I'm 170 cm and 60 kg, which size?",
            "Does it run small or large?",
            "Which size fits me?",
        ),
        "de": ("Welche Größe soll ich nehmen?", "Fällt es klein oder groß aus?"),
        "fr": ("Quelle taille dois-je prendre ?", "Ça taille petit ou grand ?"),
        "es": ("¿Qué talla me recomiendas?", "¿Talla grande o pequeño?"),
        "it": ("Che taglia mi consigli?", "Veste grande o piccolo?"),
        "ja": ("どのサイズがいいですか？", "身長160cmですが何サイズですか？"),
        "ko": ("어떤 사이즈를 사야 하나요?", "키 165cm인데 무슨 사이즈가 맞을까요?"),
        "zh-Hans": ("我该买什么尺码？", "身高170穿什么码？"),
        "ar": ("ما المقاس المناسب لي؟", "هل المقاس صغير أم كبير؟"),
        "pt": (
            "Qual tamanho devo escolher?",
            "Veste pequeno ou grande?",
            "Tenho 1,65 m e 60 kg, qual tamanho?",
        ),
        "pl": ("Jaki rozmiar mam wybrać?", "Czy rozmiar jest zaniżony czy zawyżony?"),
        "nl": ("Welke maat moet ik nemen?", "Valt het klein of groot?"),
    },
    MATERIAL: {
        "en": (
            "What is it made of?",
            "What material is this?",
            "How do I wash it?",
            "Is it cotton?",
            "Care instructions?",
        ),
        "de": ("Aus welchem Material ist das?", "Wie wasche ich das?", "Ist das Baumwolle?"),
        "fr": ("C'est en quelle matière ?", "Comment le laver ?", "C'est du coton ?"),
        "es": ("¿De qué material es?", "¿Cómo se lava?", "¿Es de algodón?"),
        "it": ("Di che materiale è?", "Come si lava?", "È di cotone?"),
        "ja": ("素材は何ですか？", "洗濯方法を教えてください", "綿ですか？"),
        "ko": ("소재가 뭐예요?", "세탁은 어떻게 하나요?", "면 소재인가요?"),
        "zh-Hans": ("这是什么材质？", "怎么洗？", "是纯棉的吗？"),
        "ar": ("ما هي الخامة؟", "كيف أغسله؟", "هل هو من القطن؟"),
        "pt": ("Qual é o material?", "Como devo lavar?", "É de algodão?"),
        "pl": ("Z jakiego materiału to jest?", "Jak to prać?", "Czy to bawełna?"),
        "nl": ("Van welk materiaal is het gemaakt?", "Hoe moet ik het wassen?", "Is het katoen?"),
    },
    CREDENTIALS: {
        "en": (
            "Is it certified?",
            "Is this authentic?",
            "What certifications do you have?",
            "Can I trust this seller?",
        ),
        "de": ("Ist das zertifiziert?", "Ist das echt?", "Welche Zertifikate habt ihr?"),
        "fr": ("C'est certifié ?", "C'est authentique ?", "Quelles certifications avez-vous ?"),
        "es": ("¿Está certificado?", "¿Es original?", "¿Qué certificaciones tienen?"),
        "it": ("È certificato?", "È originale?", "Che certificazioni avete?"),
        "ja": ("認証はありますか？", "本物ですか？", "どんな認証を持っていますか？"),
        "ko": ("인증 받은 제품인가요?", "정품인가요?", "어떤 인증이 있나요?"),
        "zh-Hans": ("有认证吗？", "是正品吗？", "有什么资质证书？"),
        "ar": ("هل هو معتمد؟", "هل هو أصلي؟", "ما هي الشهادات لديكم؟"),
        "pt": ("É certificado?", "É original?", "Que certificações vocês têm?"),
        "pl": ("Czy to ma certyfikat?", "Czy to oryginał?", "Jakie macie certyfikaty?"),
        "nl": ("Is het gecertificeerd?", "Is het echt?", "Welke certificaten hebben jullie?"),
    },
    NEXT_SHOW: {
        "en": (
            "When is the next show?",
            "When do you go live again?",
            "What time does the live start?",
        ),
        "de": ("Wann ist die nächste Show?", "Wann seid ihr wieder live?"),
        "fr": ("Quand est le prochain live ?", "À quelle heure commence le direct ?"),
        "es": ("¿Cuándo es el próximo directo?", "¿A qué hora empieza el live?"),
        "it": ("Quando è la prossima diretta?", "A che ora inizia il live?"),
        "ja": ("次の配信はいつですか？", "ライブは何時から？"),
        "ko": ("다음 라이브는 언제예요?", "방송 몇 시에 시작해요?"),
        "zh-Hans": ("下一场直播什么时候？", "直播几点开始？"),
        "ar": ("متى البث القادم؟", "متى يبدأ البث المباشر؟"),
        "pt": ("Quando é a próxima live?", "Que horas começa a transmissão?"),
        "pl": ("Kiedy następna transmisja?", "O której zaczyna się live?"),
        "nl": ("Wanneer is de volgende show?", "Hoe laat begint de livestream?"),
    },
    DUTIES: {
        "en": (
            "Will I pay customs duties?",
            "Are taxes included?",
            "Is VAT included in the price?",
        ),
        "de": ("Muss ich Zoll zahlen?", "Ist die Mehrwertsteuer enthalten?"),
        "fr": ("Y a-t-il des frais de douane ?", "La TVA est-elle incluse ?"),
        "es": ("¿Tengo que pagar aduanas?", "¿El IVA está incluido?"),
        "it": ("Devo pagare la dogana?", "L'IVA è inclusa?"),
        "ja": ("関税はかかりますか？", "消費税込みですか？"),
        "ko": ("관세를 내야 하나요?", "부가세 포함인가요?"),
        "zh-Hans": ("要交关税吗？", "含税吗？"),
        "ar": ("هل سأدفع رسوم جمركية؟", "هل الضريبة مشمولة؟"),
        "pt": ("Vou pagar taxas de importação?", "Os impostos estão incluídos?"),
        "pl": ("Czy będę płacić cło?", "Czy VAT jest wliczony w cenę?"),
        "nl": ("Moet ik invoerrechten betalen?", "Is de btw inbegrepen?"),
    },
    PAYMENT: {
        "en": ("Do you accept PayPal?", "Can I pay with crypto?", "Can I pay cash on delivery?"),
        "de": ("Kann ich mit PayPal bezahlen?", "Geht Zahlung auf Rechnung?"),
        "fr": ("Vous acceptez PayPal ?", "Je peux payer en plusieurs fois ?"),
        "es": ("¿Aceptan PayPal?", "¿Puedo pagar contra reembolso?"),
        "it": ("Accettate PayPal?", "Posso pagare in contrassegno?"),
        "ja": ("PayPayで払えますか？", "代引きできますか？"),
        "ko": ("카카오페이 되나요?", "무통장 입금 가능한가요?"),
        "zh-Hans": ("可以用支付宝付款吗？", "能微信支付吗？"),
        "ar": ("هل تقبلون الدفع عند الاستلام؟", "هل يمكنني الدفع بباي بال؟"),
        "pt": ("Aceitam Pix?", "Posso pagar na entrega?"),
        "pl": ("Mogę zapłacić BLIKIEM?", "Czy jest płatność za pobraniem?"),
        "nl": ("Kan ik met iDEAL betalen?", "Kan ik achteraf betalen met Klarna?"),
    },
    MEDICAL: {
        "en": (
            "Will it cure my eczema?",
            "Is it safe during pregnancy?",
            "Does it help with back pain?",
            "I'm allergic to wool, will I react?",
        ),
        "de": ("Hilft das gegen Neurodermitis?", "Ist das in der Schwangerschaft sicher?"),
        "fr": ("Est-ce que ça soigne l'eczéma ?", "C'est sans danger pendant la grossesse ?"),
        "es": ("¿Cura la dermatitis?", "¿Es seguro durante el embarazo?"),
        "it": ("Cura l'eczema?", "È sicuro in gravidanza?"),
        "ja": ("アトピーに効きますか？", "妊娠中でも安全ですか？"),
        "ko": ("아토피에 효과 있나요?", "임신 중에도 안전한가요?"),
        "zh-Hans": ("能治湿疹吗？", "孕妇可以用吗？"),
        "ar": ("هل يعالج الأكزيما؟", "هل هو آمن أثناء الحمل؟"),
        "pt": ("Isso cura eczema?", "É seguro na gravidez?"),
        "pl": ("Czy to pomaga na egzemę?", "Czy to bezpieczne w ciąży?"),
        "nl": ("Helpt dit tegen eczeem?", "Is het veilig tijdens de zwangerschap?"),
    },
    OTHER: {
        "en": ("Can I get a discount code?", "Can I visit your factory?", "Do you do wholesale?"),
        "de": ("Gibt es einen Rabattcode?", "Kann ich eure Fabrik besuchen?"),
        "fr": ("Vous avez un code promo ?", "Vous faites du gros ?"),
        "es": ("¿Tienen código de descuento?", "¿Venden al por mayor?"),
        "it": ("Avete un codice sconto?", "Vendete all'ingrosso?"),
        "ja": ("割引クーポンはありますか？", "卸売りはしていますか？"),
        "ko": ("할인 코드 있나요?", "도매 가능한가요?"),
        "zh-Hans": ("有优惠码吗？", "可以批发吗？"),
        "ar": ("هل لديكم كود خصم؟", "هل تبيعون بالجملة؟"),
        "pt": ("Tem cupom de desconto?", "Vocês vendem no atacado?"),
        "pl": ("Macie kod rabatowy?", "Sprzedajecie hurtowo?"),
        "nl": ("Hebben jullie een kortingscode?", "Verkopen jullie ook aan groothandels?"),
    },
}


def flat() -> list[tuple[str, str]]:
    """(intent, text) for every exemplar, in a stable order."""
    return [
        (intent, text)
        for intent, by_lang in EXEMPLARS.items()
        for lang in LANGUAGES
        for text in by_lang.get(lang, ())
    ]
