"""The demo store's content in other languages: approved translations of a few products and
of the live show (Portuguese and Polish too, which the machine translator does not draft),
and one machine draft (labelled "machine translated" in the live room until the owner
approves it on the product's Translations page)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosslive.content import service as content
from crosslive.content.models import APPROVED, MACHINE

# (product handle, field, language) -> text; all approved (the seller's own).
PRODUCTS: dict[tuple[str, str, str], str] = {
    ("anc-wireless-earbuds", "title", "de"): "Kabellose ANC-Ohrhörer",
    ("anc-wireless-earbuds", "materials", "de"): (
        "Gehäuse aus PC/ABS, Silikonaufsätze (S/M/L), USB-C-Ladeetui; 12 Monate Garantie."
    ),
    ("anc-wireless-earbuds", "flaws", "de"): (
        "In einem stillen Raum ist ein leises ANC-Rauschen hörbar.\n"
        "Auf dem graphitfarbenen Etui sieht man Fingerabdrücke."
    ),
    ("anc-wireless-earbuds", "title", "ja"): "ANCワイヤレスイヤホン",
    ("anc-wireless-earbuds", "materials", "ja"): (
        "PC/ABS製ハウジング、シリコン製イヤーチップ（S/M/L）、USB-C充電ケース。保証期間12か月。"
    ),
    ("anc-wireless-earbuds", "flaws", "ja"): (
        "静かな部屋ではANCのかすかなノイズが聞こえます。\nグラファイトのケースは指紋が目立ちます。"
    ),
    ("anc-wireless-earbuds", "title", "fr"): "Écouteurs sans fil à réduction de bruit",
    ("anc-wireless-earbuds", "title", "es"): "Auriculares inalámbricos con cancelación de ruido",
    ("gan-charger-65w", "title", "de"): "65-W-GaN-Ladegerät mit 3 Anschlüssen",
    ("gan-charger-65w", "title", "ja"): "65W GaN充電器（3ポート）",
    ("heavyweight-cotton-tee", "title", "de"): "Schweres Baumwoll-T-Shirt",
    ("heavyweight-cotton-tee", "materials", "de"): (
        "100 % gekämmter Baumwoll-Single-Jersey, 240 g/m²; Kragenbündchen 95 % Baumwolle, "
        "5 % Elasthan. Maschinenwäsche bei 30 °C auf links, nicht im Trockner trocknen."
    ),
    ("heavyweight-cotton-tee", "size_chart.chest", "de"): "Brustumfang",
    ("heavyweight-cotton-tee", "size_chart.length", "de"): "Länge",
    ("heavyweight-cotton-tee", "size_chart.shoulder", "de"): "Schulter",
    ("heavyweight-cotton-tee", "size_chart.sleeve", "de"): "Ärmel",
    ("heavyweight-cotton-tee", "title", "ja"): "ヘビーウェイト コットンTシャツ",
    ("heavyweight-cotton-tee", "size_chart.chest", "ja"): "身幅",
    ("heavyweight-cotton-tee", "size_chart.length", "ja"): "着丈",
    ("heavyweight-cotton-tee", "size_chart.shoulder", "ja"): "肩幅",
    ("heavyweight-cotton-tee", "size_chart.sleeve", "ja"): "袖丈",
    ("anc-wireless-earbuds", "title", "pt"): "Fones de ouvido sem fio com ANC",
    ("anc-wireless-earbuds", "materials", "pt"): (
        "Carcaças em PC/ABS, pontas de silicone (S/M/L), estojo USB-C; garantia de 12 meses."
    ),
    ("anc-wireless-earbuds", "flaws", "pt"): (
        "Em um ambiente silencioso, dá para ouvir um leve chiado do ANC.\n"
        "O estojo grafite mostra marcas de dedos."
    ),
    ("anc-wireless-earbuds", "title", "pl"): "Bezprzewodowe słuchawki douszne z ANC",
    ("anc-wireless-earbuds", "materials", "pl"): (
        "Obudowy z PC/ABS, silikonowe nakładki (S/M/L), etui ładujące USB-C; 12 miesięcy gwarancji."
    ),
    ("anc-wireless-earbuds", "flaws", "pl"): (
        "W cichym pomieszczeniu słychać delikatny szum ANC.\n"
        "Na grafitowym etui widać odciski palców."
    ),
    ("gan-charger-65w", "title", "pt"): "Carregador GaN de 65 W, 3 portas",
    ("gan-charger-65w", "title", "pl"): "Ładowarka GaN 65 W, 3 porty",
    ("heavyweight-cotton-tee", "title", "pt"): "Camiseta de algodão pesado",
    ("heavyweight-cotton-tee", "materials", "pt"): (
        "Malha single jersey 100% algodão penteado, 240 g/m²; gola em ribana 95% algodão, "
        "5% elastano. Lavar à máquina a 30 °C do avesso, não usar secadora."
    ),
    ("heavyweight-cotton-tee", "size_chart.chest", "pt"): "Peito",
    ("heavyweight-cotton-tee", "size_chart.length", "pt"): "Comprimento",
    ("heavyweight-cotton-tee", "size_chart.shoulder", "pt"): "Ombro",
    ("heavyweight-cotton-tee", "size_chart.sleeve", "pt"): "Manga",
    ("heavyweight-cotton-tee", "title", "pl"): "Koszulka z grubej bawełny",
    ("heavyweight-cotton-tee", "materials", "pl"): (
        "Dzianina single jersey ze 100% czesanej bawełny, 240 g/m²; ściągacz kołnierza 95% "
        "bawełny, 5% elastanu. Prać w pralce w 30 °C na lewej stronie, nie suszyć w suszarce."
    ),
    ("heavyweight-cotton-tee", "size_chart.chest", "pl"): "Klatka piersiowa",
    ("heavyweight-cotton-tee", "size_chart.length", "pl"): "Długość",
    ("heavyweight-cotton-tee", "size_chart.shoulder", "pl"): "Ramiona",
    ("heavyweight-cotton-tee", "size_chart.sleeve", "pl"): "Rękaw",
}

# The one machine draft: what a translation provider wrote, not yet approved.
MACHINE_DRAFTS: dict[tuple[str, str, str], str] = {
    ("stoneware-mug", "title", "de"): "Handglasierter Steinzeugbecher, 350 ml",
}

SHOW: dict[tuple[str, str], str] = {
    ("title", "de"): "Lieblingsstücke vom Studio-Schreibtisch, jetzt live",
    ("description", "de"): (
        "Eine Runde der Schreibtisch-Favoriten des Studios: die Ohrhörer, das 65-W-Ladegerät "
        "und der Steinzeugbecher, auf einem Drehteller im Studiolicht. Fragen Sie im Chat "
        "alles, was Sie wissen möchten."
    ),
    ("title", "ja"): "スタジオのデスクおすすめ、ライブ配信中",
    ("title", "pt"): "Os favoritos da mesa do estúdio, ao vivo agora",
    ("description", "pt"): (
        "Uma volta pelos favoritos da mesa do estúdio: os fones de ouvido, o carregador de "
        "65 W e a caneca de grés, em um prato giratório sob a luz do estúdio. Pergunte o que "
        "quiser no chat."
    ),
    ("title", "pl"): "Ulubieńcy z biurka studia, teraz na żywo",
    ("description", "pl"): (
        "Przegląd ulubionych rzeczy z biurka studia: słuchawki, ładowarka 65 W i kubek "
        "z kamionki na obrotowej podstawie w świetle studia. Pytaj na czacie o wszystko."
    ),
}


def seed_translations(
    db: Session, seller_id: int, product_ids: dict[str, int], live_show_id: int
) -> None:
    for table, status, provider in (
        (PRODUCTS, APPROVED, "seller"),
        (MACHINE_DRAFTS, MACHINE, "libretranslate"),
    ):
        for (handle, name, lang), text in table.items():
            content.save(
                db,
                seller_id,
                "product",
                product_ids[handle],
                name,
                lang,
                text,
                status=status,
                provider=provider,
            )
    for (name, lang), text in SHOW.items():
        content.save(db, seller_id, "show", live_show_id, name, lang, text)
