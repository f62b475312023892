"""The demo seller's own translations of its credentials: every claim, in every language
viewers read pages in.

Keyed by the English claim (credentials_data, certifications_data); each says what the
English says and no more. Issuers are names and stay as written, except the one that
describes an authority rather than naming a company.
"""

from __future__ import annotations

# English claim -> language -> the seller's own wording.
CLAIMS: dict[str, dict[str, str]] = {
    "1.2 million garments shipped to 38 countries since 2019": {
        "de": "1,2 Millionen Kleidungsstücke seit 2019 in 38 Länder versandt",
        "fr": "1,2 million de vêtements expédiés dans 38 pays depuis 2019",
        "es": "1,2 millones de prendas enviadas a 38 países desde 2019",
        "it": "1,2 milioni di capi spediti in 38 paesi dal 2019",
        "ja": "2019年以来、38か国へ120万着の衣料品を出荷",
        "ko": "2019년부터 38개국에 의류 120만 벌 배송",
        "zh-Hans": "自2019年以来已向38个国家发货120万件服装",
        "ar": "شحنّا 1.2 مليون قطعة ملابس إلى 38 دولة منذ عام 2019",
        "pt": "1,2 milhão de peças de roupa enviadas para 38 países desde 2019",
        "pl": "1,2 mln sztuk odzieży wysłanych do 38 krajów od 2019 roku",
        "nl": "1,2 miljoen kledingstukken verzonden naar 38 landen sinds 2019",
    },
    (
        "4.7 out of 5 from 12,480 verified-purchase reviews; only delivered orders can review, "
        "and no review is removed for being negative"
    ): {
        "de": (
            "4,7 von 5 aus 12.480 Bewertungen verifizierter Käufe; bewerten kann nur, wessen "
            "Bestellung zugestellt wurde, und keine Bewertung wird entfernt, weil sie negativ ist"
        ),
        "fr": (
            "4,7 sur 5 d'après 12 480 avis d'achats vérifiés ; seules les commandes livrées "
            "peuvent être évaluées, et aucun avis n'est retiré parce qu'il est négatif"
        ),
        "es": (
            "4,7 de 5 en 12.480 reseñas de compras verificadas; solo se pueden reseñar pedidos "
            "entregados y ninguna reseña se elimina por ser negativa"
        ),
        "it": (
            "4,7 su 5 da 12.480 recensioni di acquisti verificati; si possono recensire solo "
            "ordini consegnati e nessuna recensione viene rimossa perché negativa"
        ),
        "ja": (
            "購入確認済みレビュー12,480件で5点中4.7点。レビューできるのは配達済みの注文のみで、"
            "否定的な内容を理由に削除されるレビューはありません"
        ),
        "ko": (
            "구매 인증 리뷰 12,480건 기준 5점 만점에 4.7점. 배송 완료된 주문만 리뷰할 수 있으며, "
            "부정적이라는 이유로 삭제되는 리뷰는 없습니다"
        ),
        "zh-Hans": (
            "12,480条已验证购买评价，平均4.7分（满分5分）；仅已送达的订单可以评价，"
            "任何评价都不会因为是差评而被删除"
        ),
        "ar": (
            "4.7 من 5 في 12,480 تقييمًا لمشتريات موثّقة؛ لا يمكن التقييم إلا للطلبات التي "
            "تم تسليمها، ولا يُحذف أي تقييم لكونه سلبيًا"
        ),
        "pt": (
            "4,7 de 5 em 12.480 avaliações de compras verificadas; só pedidos entregues podem "
            "ser avaliados, e nenhuma avaliação é removida por ser negativa"
        ),
        "pl": (
            "4,7 na 5 z 12 480 opinii o zweryfikowanych zakupach; opinię można wystawić tylko "
            "do dostarczonego zamówienia i żadna opinia nie jest usuwana za to, że jest negatywna"
        ),
        "nl": (
            "4,7 van de 5 uit 12.480 reviews van geverifieerde aankopen; alleen wie een bezorgde "
            "bestelling heeft, kan een review schrijven, en geen enkele review wordt verwijderd "
            "omdat hij negatief is"
        ),
    },
    "OEKO-TEX STANDARD 100, product class II: tested for harmful substances": {
        "de": "OEKO-TEX STANDARD 100, Produktklasse II: auf Schadstoffe geprüft",
        "fr": "OEKO-TEX STANDARD 100, classe de produits II : testé contre les substances nocives",
        "es": "OEKO-TEX STANDARD 100, clase de producto II: analizado frente a sustancias nocivas",
        "it": "OEKO-TEX STANDARD 100, classe di prodotto II: testato per le sostanze nocive",
        "ja": "OEKO-TEX STANDARD 100 製品クラスII：有害物質の試験済み",
        "ko": "OEKO-TEX STANDARD 100 제품 등급 II: 유해 물질 시험 완료",
        "zh-Hans": "OEKO-TEX STANDARD 100 第II类产品：经有害物质检测",
        "ar": "OEKO-TEX STANDARD 100، فئة المنتجات II: خضع لاختبار المواد الضارة",
        "pt": "OEKO-TEX STANDARD 100, classe de produto II: testado quanto a substâncias nocivas",
        "pl": (
            "OEKO-TEX STANDARD 100, klasa produktu II: przebadano pod kątem substancji szkodliwych"
        ),
        "nl": "OEKO-TEX STANDARD 100, productklasse II: getest op schadelijke stoffen",
    },
    "CE and UKCA: radio, EMC and electrical safety tested": {
        "de": "CE und UKCA: auf Funk, EMV und elektrische Sicherheit geprüft",
        "fr": "CE et UKCA : testé pour la radio, la CEM et la sécurité électrique",
        "es": "CE y UKCA: probado en radio, CEM y seguridad eléctrica",
        "it": "CE e UKCA: testato per radio, EMC e sicurezza elettrica",
        "ja": "CE・UKCA：無線、EMC、電気安全性の試験済み",
        "ko": "CE 및 UKCA: 무선, EMC, 전기 안전 시험 완료",
        "zh-Hans": "CE 和 UKCA：已进行无线电、电磁兼容和电气安全测试",
        "ar": (
            "CE وUKCA: خضع لاختبارات الاتصال اللاسلكي والتوافق الكهرومغناطيسي والسلامة الكهربائية"
        ),
        "pt": "CE e UKCA: testado quanto a rádio, CEM e segurança elétrica",
        "pl": "CE i UKCA: przebadano pod kątem radiowym, EMC i bezpieczeństwa elektrycznego",
        "nl": "CE en UKCA: getest op radio, EMC en elektrische veiligheid",
    },
    "FCC ID 2BQLN-EB210: authorised under FCC Part 15 for sale in the US": {
        "de": "FCC ID 2BQLN-EB210: nach FCC Part 15 für den Verkauf in den USA zugelassen",
        "fr": "FCC ID 2BQLN-EB210 : autorisé à la vente aux États-Unis selon la FCC Part 15",
        "es": "FCC ID 2BQLN-EB210: autorizado según la FCC Part 15 para la venta en EE. UU.",
        "it": "FCC ID 2BQLN-EB210: autorizzato ai sensi della FCC Part 15 per la vendita negli USA",
        "ja": "FCC ID 2BQLN-EB210：FCC Part 15に基づき米国での販売を認可済み",
        "ko": "FCC ID 2BQLN-EB210: FCC Part 15에 따라 미국 내 판매 승인",
        "zh-Hans": "FCC ID 2BQLN-EB210：已依据 FCC Part 15 获准在美国销售",
        "ar": "FCC ID 2BQLN-EB210: مصرّح ببيعه في الولايات المتحدة بموجب FCC Part 15",
        "pt": "FCC ID 2BQLN-EB210: autorizado pela FCC Part 15 para venda nos EUA",
        "pl": "FCC ID 2BQLN-EB210: dopuszczony do sprzedaży w USA na podstawie FCC Part 15",
        "nl": "FCC ID 2BQLN-EB210: toegelaten onder FCC Part 15 voor verkoop in de VS",
    },
    (
        "Ships from and returns to a warehouse in your market: Los Angeles, Venlo, Birmingham, "
        "Chiba or Incheon; we pay the return label in the US, EU, UK and Japan"
    ): {
        "de": (
            "Versand aus einem Lager in Ihrem Markt und Rücksendung dorthin: Los Angeles, Venlo, "
            "Birmingham, Chiba oder Incheon; in den USA, der EU, Großbritannien und Japan zahlen "
            "wir das Rücksendeetikett"
        ),
        "fr": (
            "Expédié depuis un entrepôt de votre marché et retourné vers celui-ci : Los Angeles, "
            "Venlo, Birmingham, Chiba ou Incheon ; nous payons l'étiquette de retour aux "
            "États-Unis, dans l'UE, au Royaume-Uni et au Japon"
        ),
        "es": (
            "Se envía desde un almacén de su mercado y se devuelve a él: Los Ángeles, Venlo, "
            "Birmingham, Chiba o Incheon; pagamos la etiqueta de devolución en EE. UU., la UE, "
            "el Reino Unido y Japón"
        ),
        "it": (
            "Spedito da un magazzino nel tuo mercato e reso allo stesso: Los Angeles, Venlo, "
            "Birmingham, Chiba o Incheon; paghiamo l'etichetta di reso negli USA, nell'UE, "
            "nel Regno Unito e in Giappone"
        ),
        "ja": (
            "お住まいの市場の倉庫（ロサンゼルス、フェンロー、バーミンガム、千葉、仁川のいずれか）"
            "から発送し、返品も同じ倉庫へ。米国、EU、英国、日本では返品ラベル代を当社が負担します"
        ),
        "ko": (
            "고객님 시장의 창고(로스앤젤레스, 펜로, 버밍엄, 지바 또는 인천)에서 발송하고 반품도 "
            "그 창고로 받습니다. 미국, EU, 영국, 일본에서는 반품 라벨 비용을 저희가 부담합니다"
        ),
        "zh-Hans": (
            "从您所在市场的仓库发货并退回该仓库：洛杉矶、芬洛、伯明翰、千叶或仁川；"
            "在美国、欧盟、英国和日本，退货面单费用由我们承担"
        ),
        "ar": (
            "الشحن من مستودع في سوقك والإرجاع إليه: لوس أنجلوس أو فينلو أو برمنغهام أو تشيبا "
            "أو إنتشون؛ ونتحمّل تكلفة ملصق الإرجاع في الولايات المتحدة والاتحاد الأوروبي "
            "والمملكة المتحدة واليابان"
        ),
        "pt": (
            "Enviado de um armazém no seu mercado e devolvido a ele: Los Angeles, Venlo, "
            "Birmingham, Chiba ou Incheon; pagamos a etiqueta de devolução nos EUA, na UE, "
            "no Reino Unido e no Japão"
        ),
        "pl": (
            "Wysyłka z magazynu na Twoim rynku i zwrot do niego: Los Angeles, Venlo, Birmingham, "
            "Chiba lub Incheon; w USA, UE, Wielkiej Brytanii i Japonii płacimy za etykietę zwrotną"
        ),
        "nl": (
            "Verzending vanuit en retour naar een magazijn in jouw markt: Los Angeles, Venlo, "
            "Birmingham, Chiba of Incheon; in de VS, de EU, het VK en Japan betalen wij het "
            "retourlabel"
        ),
    },
    "Gold Award, Everyday Apparel, Hangzhou Design Week 2025": {
        "de": "Goldpreis, Kategorie Alltagsmode, Hangzhou Design Week 2025",
        "fr": "Prix d'or, catégorie vêtements du quotidien, Hangzhou Design Week 2025",
        "es": "Premio de Oro, ropa de diario, Hangzhou Design Week 2025",
        "it": "Premio d'oro, abbigliamento quotidiano, Hangzhou Design Week 2025",
        "ja": "杭州デザインウィーク2025 日常着部門 金賞",
        "ko": "항저우 디자인 위크 2025 일상복 부문 금상",
        "zh-Hans": "2025杭州设计周 日常服装类金奖",
        "ar": "الجائزة الذهبية، فئة الملابس اليومية، أسبوع هانغتشو للتصميم 2025",
        "pt": "Prêmio Ouro, roupas do dia a dia, Hangzhou Design Week 2025",
        "pl": "Złota nagroda, kategoria odzież codzienna, Hangzhou Design Week 2025",
        "nl": "Gouden award, categorie alledaagse kleding, Hangzhou Design Week 2025",
    },
    "Ranked #3 of 50 cross-border knitwear brands, Cross-Border Apparel Index 2026": {
        "de": "Platz 3 von 50 grenzüberschreitenden Strickmarken, Cross-Border Apparel Index 2026",
        "fr": "3e sur 50 marques de maille transfrontalières, Cross-Border Apparel Index 2026",
        "es": "Puesto 3 de 50 marcas de punto transfronterizas, Cross-Border Apparel Index 2026",
        "it": "3° posto su 50 marchi di maglieria cross-border, Cross-Border Apparel Index 2026",
        "ja": "越境ニットブランド50社中第3位（Cross-Border Apparel Index 2026）",
        "ko": "크로스보더 니트웨어 브랜드 50곳 중 3위, Cross-Border Apparel Index 2026",
        "zh-Hans": "在50个跨境针织品牌中排名第3，Cross-Border Apparel Index 2026",
        "ar": "المرتبة 3 من بين 50 علامة تجارية عابرة للحدود للملابس المحبوكة، "
        "Cross-Border Apparel Index 2026",
        "pt": "3º lugar entre 50 marcas de malharia transfronteiriças, "
        "Cross-Border Apparel Index 2026",
        "pl": "3. miejsce wśród 50 transgranicznych marek dzianinowych, "
        "Cross-Border Apparel Index 2026",
        "nl": "Nummer 3 van 50 grensoverschrijdende breimerken, Cross-Border Apparel Index 2026",
    },
    "PSE marked under Japan's Electrical Appliances and Materials Safety Act": {
        "de": "PSE-Kennzeichnung nach dem japanischen Gesetz über die Sicherheit elektrischer "
        "Geräte und Materialien",
        "fr": "Marquage PSE selon la loi japonaise sur la sécurité des appareils et matériels "
        "électriques",
        "es": "Marcado PSE conforme a la Ley japonesa de Seguridad de Aparatos y Materiales "
        "Eléctricos",
        "it": "Marchio PSE ai sensi della legge giapponese sulla sicurezza di apparecchi e "
        "materiali elettrici",
        "ja": "電気用品安全法に基づくPSEマーク表示",
        "ko": "일본 전기용품안전법에 따른 PSE 마크 표시",
        "zh-Hans": "依据日本《电气用品安全法》标有 PSE 标志",
        "ar": "يحمل علامة PSE بموجب القانون الياباني لسلامة الأجهزة والمواد الكهربائية",
        "pt": "Marcação PSE segundo a Lei japonesa de Segurança de Aparelhos e Materiais Elétricos",
        "pl": "Oznakowanie PSE zgodnie z japońską ustawą o bezpieczeństwie urządzeń i materiałów "
        "elektrycznych",
        "nl": (
            "PSE-markering volgens de Japanse wet op de veiligheid van elektrische apparaten en "
            "materialen"
        ),
    },
    "KC certified for electrical safety and EMC in Korea": {
        "de": "KC-zertifiziert für elektrische Sicherheit und EMV in Korea",
        "fr": "Certifié KC pour la sécurité électrique et la CEM en Corée",
        "es": "Certificación KC de seguridad eléctrica y CEM en Corea",
        "it": "Certificato KC per sicurezza elettrica ed EMC in Corea",
        "ja": "韓国のKC認証（電気安全・EMC）取得",
        "ko": "전기 안전 및 EMC 분야 KC 인증 취득",
        "zh-Hans": "已获得韩国 KC 电气安全与电磁兼容认证",
        "ar": "حاصل على شهادة KC للسلامة الكهربائية والتوافق الكهرومغناطيسي في كوريا",
        "pt": "Certificado KC de segurança elétrica e CEM na Coreia",
        "pl": "Certyfikat KC w zakresie bezpieczeństwa elektrycznego i EMC w Korei",
        "nl": "KC-gecertificeerd voor elektrische veiligheid en EMC in Korea",
    },
    "SPF 50 and broad-spectrum UVA protection measured (ISO 24444, ISO 24443)": {
        "de": "LSF 50 und Breitband-UVA-Schutz gemessen (ISO 24444, ISO 24443)",
        "fr": "FPS 50 et protection UVA à large spectre mesurés (ISO 24444, ISO 24443)",
        "es": "FPS 50 y protección UVA de amplio espectro medidos (ISO 24444, ISO 24443)",
        "it": "SPF 50 e protezione UVA ad ampio spettro misurati (ISO 24444, ISO 24443)",
        "ja": "SPF50と広範囲のUVA防御効果を測定済み（ISO 24444、ISO 24443）",
        "ko": "SPF 50 및 광범위 UVA 차단 효과 측정 완료(ISO 24444, ISO 24443)",
        "zh-Hans": "SPF 50 及广谱 UVA 防护经测定（ISO 24444、ISO 24443）",
        "ar": "تم قياس معامل الحماية SPF 50 والحماية واسعة الطيف من الأشعة UVA "
        "(ISO 24444، ISO 24443)",
        "pt": "FPS 50 e proteção UVA de amplo espectro medidos (ISO 24444, ISO 24443)",
        "pl": "Zmierzony filtr SPF 50 i szerokopasmowa ochrona UVA (ISO 24444, ISO 24443)",
        "nl": "SPF 50 en breedspectrum-UVA-bescherming gemeten (ISO 24444, ISO 24443)",
    },
    "Cosmetic products listed with the US FDA under MoCRA (a listing, not an approval)": {
        "de": "Kosmetikprodukte bei der US-FDA nach MoCRA gelistet (eine Listung, keine Zulassung)",
        "fr": "Produits cosmétiques déclarés à la FDA américaine au titre du MoCRA (une "
        "déclaration, pas une approbation)",
        "es": "Productos cosméticos inscritos ante la FDA de EE. UU. según la MoCRA (una "
        "inscripción, no una aprobación)",
        "it": "Prodotti cosmetici registrati presso la FDA statunitense ai sensi del MoCRA (una "
        "registrazione, non un'approvazione)",
        "ja": "MoCRAに基づき米国FDAに化粧品を登録済み（登録であり、承認ではありません）",
        "ko": "MoCRA에 따라 미국 FDA에 화장품 등재(등재일 뿐 승인이 아님)",
        "zh-Hans": "化妆品已依据 MoCRA 在美国 FDA 登记（仅为登记，并非批准）",
        "ar": "منتجات تجميل مدرجة لدى إدارة الغذاء والدواء الأمريكية (FDA) بموجب MoCRA "
        "(إدراج وليس موافقة)",
        "pt": "Produtos cosméticos listados na FDA dos EUA pela MoCRA (um registro, não uma "
        "aprovação)",
        "pl": "Kosmetyki zgłoszone do amerykańskiej FDA zgodnie z MoCRA (zgłoszenie, nie "
        "zatwierdzenie)",
        "nl": (
            "Cosmetische producten geregistreerd bij de Amerikaanse FDA onder MoCRA (een "
            "registratie, geen goedkeuring)"
        ),
    },
    "ISO 9001:2015 quality management system, Tonglu workshop": {
        "de": "Qualitätsmanagementsystem nach ISO 9001:2015, Werkstatt Tonglu",
        "fr": "Système de management de la qualité ISO 9001:2015, atelier de Tonglu",
        "es": "Sistema de gestión de la calidad ISO 9001:2015, taller de Tonglu",
        "it": "Sistema di gestione per la qualità ISO 9001:2015, laboratorio di Tonglu",
        "ja": "ISO 9001:2015 品質マネジメントシステム（桐廬工房）",
        "ko": "ISO 9001:2015 품질경영시스템, 퉁루 공방",
        "zh-Hans": "ISO 9001:2015 质量管理体系，桐庐工坊",
        "ar": "نظام إدارة الجودة ISO 9001:2015، ورشة تونغلو",
        "pt": "Sistema de gestão da qualidade ISO 9001:2015, oficina de Tonglu",
        "pl": "System zarządzania jakością ISO 9001:2015, warsztat w Tonglu",
        "nl": "Kwaliteitsmanagementsysteem volgens ISO 9001:2015, werkplaats in Tonglu",
    },
    "Organic Content Standard: towels of certified organic cotton": {
        "de": "Organic Content Standard: Handtücher aus zertifizierter Bio-Baumwolle",
        "fr": "Organic Content Standard : serviettes en coton biologique certifié",
        "es": "Organic Content Standard: toallas de algodón orgánico certificado",
        "it": "Organic Content Standard: asciugamani in cotone biologico certificato",
        "ja": "Organic Content Standard：認証オーガニックコットンのタオル",
        "ko": "Organic Content Standard: 인증 유기농 면 타월",
        "zh-Hans": "Organic Content Standard：采用认证有机棉的毛巾",
        "ar": "Organic Content Standard: مناشف من قطن عضوي معتمد",
        "pt": "Organic Content Standard: toalhas de algodão orgânico certificado",
        "pl": "Organic Content Standard: ręczniki z certyfikowanej bawełny organicznej",
        "nl": "Organic Content Standard: handdoeken van gecertificeerd biologisch katoen",
    },
    "Knitted and sewn in our own workshop in Tonglu, Hangzhou; social audit passed in 2026": {
        "de": "Gestrickt und genäht in unserer eigenen Werkstatt in Tonglu, Hangzhou; "
        "Sozialaudit 2026 bestanden",
        "fr": "Tricoté et cousu dans notre propre atelier à Tonglu, Hangzhou ; audit social "
        "réussi en 2026",
        "es": "Tejido y cosido en nuestro propio taller de Tonglu, Hangzhou; auditoría social "
        "superada en 2026",
        "it": "Lavorato a maglia e cucito nel nostro laboratorio di Tonglu, Hangzhou; audit "
        "sociale superato nel 2026",
        "ja": "杭州・桐廬の自社工房で編み立て・縫製。2026年に社会監査に合格",
        "ko": "항저우 퉁루의 자체 공방에서 편직·봉제, 2026년 사회적 감사 통과",
        "zh-Hans": "在杭州桐庐自有工坊编织和缝制；2026年通过社会责任审核",
        "ar": "نحيكها ونخيطها في ورشتنا الخاصة في تونغلو بمدينة هانغتشو؛ واجتزنا التدقيق "
        "الاجتماعي في 2026",
        "pt": "Tricotado e costurado em nossa própria oficina em Tonglu, Hangzhou; auditoria "
        "social aprovada em 2026",
        "pl": "Dziane i szyte w naszym własnym warsztacie w Tonglu w Hangzhou; audyt społeczny "
        "zaliczony w 2026 roku",
        "nl": (
            "Gebreid en genaaid in onze eigen werkplaats in Tonglu, Hangzhou; sociale audit behaald"
            " in 2026"
        ),
    },
}

# English issuer -> language -> the seller's wording (names of companies are not here).
ISSUERS: dict[str, dict[str, str]] = {
    "FCC equipment authorization (grant by a recognised TCB)": {
        "de": "FCC-Gerätezulassung (erteilt von einer anerkannten TCB)",
        "fr": "Autorisation d'équipement FCC (délivrée par un TCB reconnu)",
        "es": "Autorización de equipos de la FCC (concedida por un TCB reconocido)",
        "it": "Autorizzazione FCC delle apparecchiature (rilasciata da un TCB riconosciuto)",
        "ja": "FCC機器認証（認定TCBによる付与）",
        "ko": "FCC 기기 인증(공인 TCB 발급)",
        "zh-Hans": "FCC 设备授权（由认可的 TCB 颁发）",
        "ar": "ترخيص أجهزة من FCC (صادر عن جهة TCB معتمدة)",
        "pt": "Autorização de equipamento da FCC (concedida por um TCB reconhecido)",
        "pl": "Autoryzacja sprzętu FCC (udzielona przez uznaną jednostkę TCB)",
        "nl": "FCC-apparatuurautorisatie (verleend door een erkende TCB)",
    },
}


def texts_for(claim: str, issuer: str) -> dict[str, dict[str, str]]:
    """Field ("claim", "issuer") -> language -> text, for the credential of CLAIM and ISSUER."""
    found = {"claim": CLAIMS.get(claim, {}), "issuer": ISSUERS.get(issuer, {})}
    return {name: texts for name, texts in found.items() if texts}
