"""The demo's simulated viewers: who they are, where they buy, and what they write in the live
show, each line in the viewer's own language with its translation into every supported one
(written here, not machine-made, so a newcomer reads the chat well in any language).

A viewer's first line opens the show's chat when the demo is seeded; the others come while
`crosslive demo` serves (demo.stage). Questions are ones the instant answers can answer from
the demo store's facts (delivery, returns, duties, price, stock, credentials).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    text: dict[str, str]  # language -> the line in it; the viewer's own language is the original
    question: bool = False


@dataclass(frozen=True)
class DemoViewer:
    name: str
    language: str
    market: str  # the store's market the viewer buys in (their instant answers use it)
    lines: tuple[Line, ...]

    @property
    def opening(self) -> Line:
        return self.lines[0]

    def original(self, line: Line) -> str:
        return line.text[self.language]


def _q(**text: str) -> Line:
    return Line(_codes(text), question=True)


def _say(**text: str) -> Line:
    return Line(_codes(text))


def _codes(text: dict[str, str]) -> dict[str, str]:
    return {("zh-Hans" if code == "zh" else code): line for code, line in text.items()}


EMMA = DemoViewer(
    "Emma",
    "en",
    "US",
    (
        _say(
            en="Hi from Chicago! Those earbuds look great.",
            de="Hallo aus Chicago! Die Ohrhörer sehen toll aus.",
            fr="Bonjour de Chicago ! Ces écouteurs ont l'air super.",
            es="¡Hola desde Chicago! Esos auriculares se ven geniales.",
            it="Ciao da Chicago! Quegli auricolari sono bellissimi.",
            ja="シカゴから見ています！そのイヤホン、すごく良さそう。",
            ko="시카고에서 인사드려요! 이어폰 정말 멋져 보여요.",
            zh="来自芝加哥的问候！这副耳机看起来很棒。",
            ar="مرحبًا من شيكاغو! تبدو سماعات الأذن هذه رائعة.",
        ),
        _q(
            en="How long does delivery to the US take?",
            de="Wie lange dauert die Lieferung in die USA?",
            fr="Combien de temps prend la livraison vers les États-Unis ?",
            es="¿Cuánto tarda el envío a Estados Unidos?",
            it="Quanto tempo ci vuole per la consegna negli Stati Uniti?",
            ja="アメリカへの配送は何日かかりますか？",
            ko="미국까지 배송은 얼마나 걸리나요?",
            zh="寄到美国需要多长时间？",
            ar="كم تستغرق مدة التوصيل إلى الولايات المتحدة؟",
        ),
        _say(
            en="Just ordered the mug, thank you!",
            de="Habe gerade den Becher bestellt, danke!",
            fr="Je viens de commander la tasse, merci !",
            es="¡Acabo de pedir la taza, gracias!",
            it="Ho appena ordinato la tazza, grazie!",
            ja="マグカップを注文しました、ありがとう！",
            ko="방금 머그컵 주문했어요, 고마워요!",
            zh="刚下单了那个杯子，谢谢！",
            ar="طلبت الكوب للتو، شكرًا!",
        ),
    ),
)

LUKAS = DemoViewer(
    "Lukas",
    "de",
    "EU",
    (
        _say(
            de="Hallo aus Berlin! Schöne Auswahl heute.",
            en="Hello from Berlin! Nice selection today.",
            fr="Bonjour de Berlin ! Belle sélection aujourd'hui.",
            es="¡Hola desde Berlín! Bonita selección hoy.",
            it="Ciao da Berlino! Bella selezione oggi.",
            ja="ベルリンからこんにちは！今日のラインナップ、いいですね。",
            ko="베를린에서 안녕하세요! 오늘 구성 좋네요.",
            zh="柏林的朋友们好！今天的选品不错。",
            ar="مرحبًا من برلين! تشكيلة جميلة اليوم.",
        ),
        _q(
            de="Wie lange dauert der Versand nach Deutschland?",
            en="How long does shipping to Germany take?",
            fr="Combien de temps prend la livraison en Allemagne ?",
            es="¿Cuánto tarda el envío a Alemania?",
            it="Quanto tempo ci vuole per la spedizione in Germania?",
            ja="ドイツへの配送は何日かかりますか？",
            ko="독일까지 배송은 얼마나 걸리나요?",
            zh="寄到德国需要多长时间？",
            ar="كم يستغرق الشحن إلى ألمانيا؟",
        ),
        _q(
            de="Muss ich Zoll bezahlen?",
            en="Do I have to pay customs duties?",
            fr="Est-ce que je dois payer des droits de douane ?",
            es="¿Tengo que pagar aduana?",
            it="Devo pagare i dazi doganali?",
            ja="関税を払う必要はありますか？",
            ko="관세를 내야 하나요?",
            zh="我需要付关税吗？",
            ar="هل عليّ دفع رسوم جمركية؟",
        ),
    ),
)

YUKI = DemoViewer(
    "Yuki",
    "ja",
    "JP",
    (
        _say(
            ja="東京から見ています！",
            en="Watching from Tokyo!",
            de="Ich schaue aus Tokio zu!",
            fr="Je regarde depuis Tokyo !",
            es="¡Viendo desde Tokio!",
            it="Vi guardo da Tokyo!",
            ko="도쿄에서 보고 있어요!",
            zh="我在东京看直播！",
            ar="أشاهد من طوكيو!",
        ),
        _q(
            ja="返品は無料ですか？",
            en="Are returns free?",
            de="Ist die Rücksendung kostenlos?",
            fr="Les retours sont-ils gratuits ?",
            es="¿Las devoluciones son gratis?",
            it="I resi sono gratuiti?",
            ko="반품은 무료인가요?",
            zh="退货免费吗？",
            ar="هل الإرجاع مجاني؟",
        ),
        _say(
            ja="充電器、すごく小さいですね。",
            en="The charger is really small.",
            de="Das Ladegerät ist wirklich klein.",
            fr="Le chargeur est vraiment petit.",
            es="El cargador es muy pequeño.",
            it="Il caricatore è davvero piccolo.",
            ko="충전기가 정말 작네요.",
            zh="这个充电器真小巧。",
            ar="الشاحن صغير جدًا حقًا.",
        ),
    ),
)

CAMILLE = DemoViewer(
    "Camille",
    "fr",
    "EU",
    (
        _say(
            fr="Bonsoir de Lyon ! La tasse est magnifique.",
            en="Good evening from Lyon! The mug is gorgeous.",
            de="Guten Abend aus Lyon! Der Becher ist wunderschön.",
            es="¡Buenas noches desde Lyon! La taza es preciosa.",
            it="Buonasera da Lione! La tazza è magnifica.",
            ja="リヨンからこんばんは！マグカップ、素敵です。",
            ko="리옹에서 안녕하세요! 머그컵이 정말 예뻐요.",
            zh="里昂的晚上好！这个杯子真漂亮。",
            ar="مساء الخير من ليون! الكوب رائع.",
        ),
        _q(
            fr="Combien coûte le chargeur ?",
            en="How much is the charger?",
            de="Wie viel kostet das Ladegerät?",
            es="¿Cuánto cuesta el cargador?",
            it="Quanto costa il caricatore?",
            ja="充電器はいくらですか？",
            ko="충전기는 얼마예요?",
            zh="充电器多少钱？",
            ar="كم سعر الشاحن؟",
        ),
        _say(
            fr="J'adore la couleur des écouteurs.",
            en="I love the colour of the earbuds.",
            de="Ich liebe die Farbe der Ohrhörer.",
            es="Me encanta el color de los auriculares.",
            it="Adoro il colore degli auricolari.",
            ja="イヤホンの色が大好きです。",
            ko="이어폰 색깔이 너무 좋아요.",
            zh="我很喜欢耳机的颜色。",
            ar="أحب لون سماعات الأذن.",
        ),
    ),
)

LUCIA = DemoViewer(
    "Lucía",
    "es",
    "EU",
    (
        _say(
            es="¡Hola desde Madrid!",
            en="Hello from Madrid!",
            de="Hallo aus Madrid!",
            fr="Bonjour de Madrid !",
            it="Ciao da Madrid!",
            ja="マドリードからこんにちは！",
            ko="마드리드에서 안녕하세요!",
            zh="来自马德里的问候！",
            ar="مرحبًا من مدريد!",
        ),
        _q(
            es="¿Cuánto cuesta el envío a España?",
            en="How much is shipping to Spain?",
            de="Was kostet der Versand nach Spanien?",
            fr="Combien coûte la livraison en Espagne ?",
            it="Quanto costa la spedizione in Spagna?",
            ja="スペインへの送料はいくらですか？",
            ko="스페인까지 배송비는 얼마예요?",
            zh="寄到西班牙的运费是多少？",
            ar="كم تكلفة الشحن إلى إسبانيا؟",
        ),
        _q(
            es="¿Hay auriculares en stock?",
            en="Are the earbuds in stock?",
            de="Sind die Ohrhörer auf Lager?",
            fr="Les écouteurs sont-ils en stock ?",
            it="Gli auricolari sono disponibili?",
            ja="イヤホンの在庫はありますか？",
            ko="이어폰 재고 있나요?",
            zh="耳机有货吗？",
            ar="هل سماعات الأذن متوفرة في المخزون؟",
        ),
    ),
)

MINJI = DemoViewer(
    "Minji",
    "ko",
    "KR",
    (
        _say(
            ko="서울에서 보고 있어요!",
            en="Watching from Seoul!",
            de="Ich schaue aus Seoul zu!",
            fr="Je regarde depuis Séoul !",
            es="¡Viendo desde Seúl!",
            it="Vi guardo da Seul!",
            ja="ソウルから見ています！",
            zh="我在首尔看直播！",
            ar="أشاهد من سيول!",
        ),
        _q(
            ko="배송은 얼마나 걸리나요?",
            en="How long does delivery take?",
            de="Wie lange dauert die Lieferung?",
            fr="Combien de temps prend la livraison ?",
            es="¿Cuánto tarda el envío?",
            it="Quanto tempo ci vuole per la consegna?",
            ja="配送にはどれくらいかかりますか？",
            zh="配送需要多长时间？",
            ar="كم يستغرق التوصيل؟",
        ),
        _say(
            ko="머그컵 색깔이 예뻐요.",
            en="The mug's colour is lovely.",
            de="Die Farbe des Bechers ist schön.",
            fr="La couleur de la tasse est jolie.",
            es="El color de la taza es precioso.",
            it="Il colore della tazza è bellissimo.",
            ja="マグカップの色がかわいいです。",
            zh="杯子的颜色很好看。",
            ar="لون الكوب جميل.",
        ),
    ),
)

WEI = DemoViewer(
    "Wei",
    "zh-Hans",
    "UK",
    (
        _say(
            zh="大家好，我在伦敦看直播！",
            en="Hi everyone, watching from London!",
            de="Hallo zusammen, ich schaue aus London zu!",
            fr="Bonjour à tous, je regarde depuis Londres !",
            es="¡Hola a todos, viendo desde Londres!",
            it="Ciao a tutti, vi guardo da Londra!",
            ja="皆さんこんにちは、ロンドンから見ています！",
            ko="안녕하세요 여러분, 런던에서 보고 있어요!",
            ar="مرحبًا بالجميع، أشاهد من لندن!",
        ),
        _q(
            zh="寄到英国要多久？",
            en="How long does shipping to the UK take?",
            de="Wie lange dauert der Versand nach Großbritannien?",
            fr="Combien de temps prend la livraison au Royaume-Uni ?",
            es="¿Cuánto tarda el envío al Reino Unido?",
            it="Quanto tempo ci vuole per la spedizione nel Regno Unito?",
            ja="イギリスへの配送は何日かかりますか？",
            ko="영국까지 배송은 얼마나 걸리나요?",
            ar="كم يستغرق الشحن إلى المملكة المتحدة؟",
        ),
        _q(
            zh="充电器有认证吗？",
            en="Is the charger certified?",
            de="Ist das Ladegerät zertifiziert?",
            fr="Le chargeur est-il certifié ?",
            es="¿El cargador está certificado?",
            it="Il caricatore è certificato?",
            ja="充電器は認証を受けていますか？",
            ko="충전기는 인증을 받았나요?",
            ar="هل الشاحن معتمد؟",
        ),
    ),
)

VIEWERS: tuple[DemoViewer, ...] = (EMMA, LUKAS, YUKI, CAMILLE, LUCIA, MINJI, WEI)
