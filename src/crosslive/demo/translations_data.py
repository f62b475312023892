"""The demo store's content in other languages: approved translations of a few products and
of the live show, and one machine draft (labelled "machine translated" in the live room until
the owner approves it on the product's Translations page)."""

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
