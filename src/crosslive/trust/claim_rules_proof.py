"""Medical claims for cosmetics, and the claims that need a proof credential: sales rank,
clinical proof and patents.

"treats" is only a medical claim as a verb with a condition after it ("treats acne"), never
as a noun ("dog treats", "a treat for your skin").
"""

from __future__ import annotations

from crosslive.trust.claim_rules import SEVERE, WARN, Rule, chars, negated, words

_COND_EN = (
    r"(?:(?:your|the|my|all|any|even|severe|chronic|stubborn|mild|most)\s+)*"
    r"(?:acne|eczema|psoriasis|rosacea|dermatitis|wounds?|scars?|burns?|infections?|"
    r"inflammation|hair\s+loss|baldness|alopecia|warts?|fungus|fungal\s+infections?|dandruff|"
    r"cold\s+sores|herpes|arthritis|pain|insomnia|cancer|diabetes|diseases?|allergies|rash(?:es)?|"
    r"skin\s+(?:conditions?|diseases?|disorders?))"
)
_COND_DE = (
    r"(?:Akne|Neurodermitis|Ekzeme?n?|Schuppenflechte|Psoriasis|Rosazea|Wunden|Narben|"
    r"Entz[üu]ndungen|Haarausfall|Pilzinfektionen|Warzen|Herpes|Schmerzen|Krankheiten|"
    r"Hautkrankheiten|Allergien|Schuppen)"
)
_COND_FR = (
    r"(?:l['’]|les\s+|la\s+|le\s+|vos\s+|votre\s+)?(?:acn[ée]|ecz[ée]ma|psoriasis|rosac[ée]e|"
    r"cicatrices?|br[ûu]lures?|infections?|inflammations?|chute\s+des\s+cheveux|mycoses?|"
    r"verrues?|herp[èe]s|dermatites?|maladies?)"
)
_COND_ES = (
    r"(?:para\s+)?(?:el\s+|la\s+|los\s+|las\s+|tu\s+|su\s+)?(?:acn[ée]|eccema|psoriasis|"
    r"ros[áa]cea|cicatrices|heridas|quemaduras|infecciones|inflamaci[óo]n|ca[íi]da\s+del\s+"
    r"cabello|hongos|verrugas|herpes|dermatitis|enfermedades)"
)
_COND_IT = (
    r"(?:l['’]|la\s+|il\s+|le\s+|i\s+|gli\s+)?(?:acne|eczema|psoriasi|rosacea|cicatrici|ferite|"
    r"infezioni|infiammazioni|caduta\s+dei\s+capelli|verruche|herpes|dermatite|malattie)"
)

_COND_PT = (
    r"(?:acne|eczema|psor[íi]ase|ros[áa]cea|cicatrizes|feridas|queimaduras|infe[çc][õo]es|"
    r"inflama[çc][ãa]o|queda\s+de\s+cabelo|fungos|verrugas|herpes|dermatite|doen[çc]as)"
)

MEDICAL_COSMETIC = Rule(
    name="medical-claim",
    severity=SEVERE,
    skip=negated,
    patterns=(
        (
            "en",
            words(
                r"(?:cures?|cured|curing|heals?|healed|healing|treats?|treated|treating|a\s+cure\s+for)"
                r"\s+" + _COND_EN,
                r"heals|cures",
                r"healing\s+(?:balm|cream|ointment|salve|properties|power|effect)",
            ),
        ),
        (
            "de",
            words(
                r"heilt|geheilt|heilende[nrms]?\s+Wirkung",
                r"(?:behandelt|bekämpft|kuriert|heilen)\s+" + _COND_DE,
                _COND_DE + r"\s+(?:heilen|behandeln|kurieren)",
            ),
        ),
        (
            "fr",
            words(
                r"gu[ée]ri(?:t|ssent|r|son)", r"(?:soigne|soignent|traite|traitent)\s+" + _COND_FR
            ),
        ),
        ("es", words(r"(?:cura|curan|curar|sana|sanan|trata|tratan)\s+" + _COND_ES)),
        ("it", words(r"guarisc(?:e|ono)", r"(?:cura|curano|tratta|trattano)\s+" + _COND_IT)),
        ("pt", words(r"(?:cura|curam|trata|tratam)\s+(?:a\s+|o\s+|as\s+|os\s+)?" + _COND_PT)),
        (
            "nl",
            words(
                r"geneest", r"(?:behandelt|bestrijdt)\s+(?:acne|eczeem|psoriasis|wonden|littekens)"
            ),
        ),
        ("pl", words(r"leczy", r"wyleczy")),
        ("sv", words(r"botar", r"l[äa]ker\s+(?:s[åa]r|eksem|akne)")),
        ("ja", chars(r"治る|治す|治します|治ります|治療(?!中)|治癒|完治")),
        ("zh", chars(r"治愈|治疗(?!期间|中)|根治|治痘|治療(?!中)")),
        ("ko", chars(r"치료(?!\s?중)|완치")),
    ),
    suggestions={
        "en": 'Describe the cosmetic effect instead, e.g. "soothes the look of dry skin"; '
        "cosmetics may not claim to cure, heal or treat.",
        "de": 'Beschreiben Sie die kosmetische Wirkung, z. B. "beruhigt trockene Haut"; '
        "Kosmetik darf nicht heilen oder behandeln.",
        "fr": "Décrivez l'effet cosmétique, p. ex. « apaise l'aspect de la peau sèche » ; un "
        "cosmétique ne guérit ni ne soigne.",
        "es": 'Describa el efecto cosmético, p. ej. "calma el aspecto de la piel seca"; un '
        "cosmético no cura ni trata.",
        "it": "Descrivete l'effetto cosmetico, ad es. \"lenisce l'aspetto della pelle secca\"; un "
        "cosmetico non cura né guarisce.",
        "ja": "「肌を整える」「乾燥による肌荒れを防ぐ」など化粧品の効能の範囲で表現してください。",
        "zh": "请改用化妆品功效的表述，例如“舒缓干燥肌肤”；化妆品不得宣称治疗或治愈。",
    },
)

_RANK_KEYWORDS = (
    r"\s*(?:best[\s-]?sell\w*|sell\w*|brands?|choice|in\b|on\b|rated|products?|pick|worldwide|"
    r"globally|recommended)"
)
# "Item No. 1", "Size #1", "Step 1": a label, not a ranking.
_NOT_A_LABEL = "".join(
    rf"(?<!{w}\s)" for w in ("item", "part", "size", "step", "page", "model", "pack", "art", "vol")
)
SALES_RANK = Rule(
    name="sales-rank",
    severity=WARN,
    proof="sales_proof",
    patterns=(
        (
            "en",
            words(
                _NOT_A_LABEL
                + r"(?:no\.?\s?1|#\s?1|number\s+(?:1|one))(?!\d)(?=(?:\s+[\w-]+){0,2}?"
                + _RANK_KEYWORDS
                + ")",
                r"(?:world|america|europe|japan|germany|france|spain|uk|britain|country|market|"
                r"internet|amazon)['’]s\s+(?:no\.?\s?1|#\s?1|number\s+(?:1|one))(?!\d)",
                r"best[\s-]?sell(?:ing|ers?)",
                r"top[\s-]sell(?:ing|ers?)",
                r"most[\s-]sold",
                r"market[\s-]lead(?:er|ing)",
            ),
        ),
        (
            "de",
            words(
                r"(?:die|der|das|Deutschlands|Europas|weltweit)\s+Nr\.?\s?1(?!\d)",
                r"Nr\.?\s?1\s+(?:in|bei|der|unter|im)(?!\w)",
                r"Bestseller\w*",
                r"meistverkauft\w*",
                r"Verkaufsschlager",
                r"Marktf[üu]hrer\w*",
            ),
        ),
        (
            "fr",
            words(
                r"(?:n°|no|num[ée]ro)\s?1(?!\d)\s+(?:des\s+ventes|en|du|de\s+la|mondial)",
                r"(?:le|la|les)\s+plus\s+vendue?s?",
                r"meilleures?\s+ventes?",
                r"leader\s+du\s+march[ée]",
            ),
        ),
        (
            "es",
            words(
                r"(?:n\.?\s?º|nº|n\.|n[úu]mero)\s?1(?!\d)\s+(?:en|de|del|mundial|ventas)",
                r"(?:el|la|los|las)\s+(?:\w+\s+)?m[áa]s\s+vendid[oa]s?",
                r"superventas",
                r"l[íi]der\s+del\s+mercado",
            ),
        ),
        (
            "it",
            words(
                r"(?:il|la|i|le)\s+(?:\w+\s+)?pi[ùu]\s+vendut[oaie]",
                r"(?:n\.|numero)\s?1(?!\d)\s+(?:in|al|delle\s+vendite)",
                r"leader\s+di\s+mercato",
            ),
        ),
        ("pt", words(r"(?:o|a|os|as)\s+(?:\w+\s+)?mais\s+vendid[oa]s?")),
        ("nl", words(r"best\s+verkochte?", r"meest\s+verkochte?")),
        ("pl", words(r"najlepiej\s+sprzedaj\w*", r"bestseller\w*")),
        ("sv", words(r"b[äa]sts[äa]ljare?", r"mest\s+s[åa]lda")),
        (
            "ja",
            chars(
                r"(?:売上|販売数|販売実績|売れ筋|シェア|ランキング|人気|満足度)(?:げ)?\s?(?:No\.?\s?1|ナンバーワン|第?1位|一位)",
                r"日本一売れ",
                r"ベストセラー",
            ),
        ),
        (
            "zh",
            chars(
                r"销量(?:第一|冠军|No\.?\s?1)",
                r"销售冠军",
                r"最畅销",
                r"畅销",
                r"全网第一",
                r"排名第一",
                r"第一品牌",
            ),
        ),
        ("ko", chars(r"판매(?:량)?\s?1위", r"베스트셀러", r"업계\s?1위")),
    ),
    suggestions={
        "en": "Add the sales-proof credential behind the ranking (source, market and period), "
        'or say it plainly, e.g. "popular with our viewers".',
        "de": "Hinterlegen Sie den Verkaufsnachweis (Quelle, Markt, Zeitraum) oder schreiben Sie "
        'schlicht "bei unseren Zuschauern beliebt".',
        "fr": "Ajoutez la preuve de ventes (source, marché, période) ou écrivez simplement "
        "« apprécié de nos spectateurs ».",
        "es": "Añada la prueba de ventas (fuente, mercado y periodo) o diga simplemente "
        '"popular entre nuestros espectadores".',
        "ja": "順位の根拠（調査元・市場・期間）を販売実績の資格情報として登録するか、「視聴者に人気」などと表現してください。",
        "zh": "请添加销量证明（来源、市场、时间段），或改为“深受观众喜爱”。",
    },
)

CLINICALLY_PROVEN = Rule(
    name="clinically-proven",
    severity=WARN,
    proof="test_report",
    skip=negated,
    patterns=(
        (
            "en",
            words(
                r"clinically[\s-](?:proven|tested|shown|validated|studied)",
                r"proven\s+in\s+clinical\s+(?:trials|studies|tests)",
                r"clinical\s+(?:studies|trials|tests)\s+(?:show|prove)\w*",
            ),
        ),
        (
            "de",
            words(r"klinisch\s+(?:getestet|erwiesen|bewiesen|belegt|gepr[üu]ft|nachgewiesen)\w*"),
        ),
        (
            "fr",
            words(
                r"cliniquement\s+(?:prouv|test|d[ée]montr|valid)[ée]e?s?",
                r"(?:prouv|test|d[ée]montr)[ée]e?s?\s+cliniquement",
            ),
        ),
        (
            "es",
            words(
                r"cl[íi]nicamente\s+(?:probad|comprobad|demostrad|testad|validad)[oa]s?",
                r"(?:probad|comprobad|demostrad)[oa]s?\s+cl[íi]nicamente",
            ),
        ),
        ("it", words(r"clinicamente\s+(?:testat|provat|dimostrat|comprovat)[oaie]")),
        ("pt", words(r"clinicamente\s+(?:comprovad|testad|provad)[oa]s?")),
        ("nl", words(r"klinisch\s+(?:bewezen|getest|aangetoond)")),
        ("pl", words(r"klinicznie\s+(?:potwierdzon|przetestowan|udowodnion)\w*")),
        ("sv", words(r"kliniskt\s+(?:bevisad|testad|beprövad)\w*")),
        ("ja", chars(r"臨床(?:試験|実験)?(?:で|により|にて)?(?:証明|実証|確認)", r"臨床試験済")),
        ("zh", chars(r"临床(?:证明|验证|测试|实验证明|试验证明)", r"经临床", r"臨床(?:證明|驗證)")),
        ("ko", chars(r"임상\s?(?:입증|실험|시험|테스트)")),
    ),
    suggestions={
        "en": "Attach the test report (lab, sample size, date) as a credential, or describe "
        'the result without "clinically proven".',
        "de": 'Hinterlegen Sie den Prüfbericht (Labor, Stichprobe, Datum) oder verzichten Sie auf "klinisch erwiesen".',
        "fr": "Joignez le rapport d'essai (laboratoire, échantillon, date) ou retirez « cliniquement prouvé ».",
        "es": 'Adjunte el informe de ensayo (laboratorio, muestra, fecha) o elimine "clínicamente probado".',
        "ja": "試験報告書（試験機関・被験者数・日付）を資格情報として登録するか、「臨床で証明」の表現を削除してください。",
        "zh": "请附上检测报告（机构、样本量、日期），或删除“临床证明”的说法。",
    },
)

PATENTED = Rule(
    name="patented",
    severity=WARN,
    proof="patent",
    skip=negated,
    patterns=(
        ("en", words(r"patented", r"patent[\s-](?:pending|protected|applied)")),
        (
            "de",
            words(
                r"patentiert\w*",
                r"(?:zum\s+)?Patent\s+angemeldet",
                r"patentrechtlich\s+gesch[üu]tzt\w*",
            ),
        ),
        ("fr", words(r"brevet[ée]e?s?", r"brevet\s+(?:d[ée]pos[ée]|en\s+cours)")),
        ("es", words(r"patentad[oa]s?", r"patente\s+(?:registrada|pendiente|en\s+tr[áa]mite)")),
        ("it", words(r"brevettat[oaie]")),
        ("pt", words(r"patentead[oa]s?")),
        ("nl", words(r"gepatenteerde?")),
        ("pl", words(r"opatentowan\w*")),
        ("sv", words(r"patenterad\w*")),
        ("ja", chars(r"特許(?:取得|技術|出願中|製法|成分|を取得)")),
        ("zh", chars(r"专利(?:技术|产品|配方|设计|成分)", r"已获专利", r"获得专利", r"国家专利")),
        ("ko", chars(r"특허\s?(?:받은|기술|출원|등록|획득)")),
    ),
    suggestions={
        "en": "Add the patent credential (publication number, e.g. US10194689B2) so viewers can "
        "check it, or drop the word.",
        "de": "Hinterlegen Sie das Patent (Veröffentlichungsnummer) als Nachweis oder streichen Sie das Wort.",
        "fr": "Ajoutez le brevet (numéro de publication) comme preuve, ou retirez le mot.",
        "es": "Añada la patente (número de publicación) como credencial, o elimine la palabra.",
        "ja": "特許番号を資格情報として登録するか、「特許」の表現を削除してください。",
        "zh": "请添加专利凭证（公开号），或删除“专利”字样。",
    },
)
