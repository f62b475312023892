"""The demo store's product safety data (GPSR) and electrical goods (PSE/KC).

Every product names its manufacturer, the EU responsible person, a type/batch identifier, a
GTIN and its warnings in the EU market's languages, except one on purpose: the silk-blend
slip dress (sold so far only in Japan and Korea) has no postal address for its EU
responsible person yet, so the admin shows the finding and EU viewers are not offered it.
Every product an EU buyer ordered in a past show has all its fields, so each past order could
be placed through checkout today. The electrical goods are flagged; the PSE and KC
certificates (certifications_data) cover the charger and the power bank for Japan, the
charger for Korea, so the admin shows what the rest still lack there.
"""

from __future__ import annotations

import zlib

from sqlalchemy.orm import Session

from crosslive.catalog.models import Category
from crosslive.catalog.schemas import ProductIn
from crosslive.compliance.rules import gtin_valid
from crosslive.content import service as content
from crosslive.demo.catalog_data import ProductSpec
from crosslive.demo.store_data import COMPANY, COMPANY_ADDRESS

MANUFACTURER_CONTACT = "safety@qinglan.example"
EU_RP = "Qinglan Europe B.V. (fictional)"
EU_RP_ADDRESS = "Celsiusweg 12, 5928 PR Venlo, Netherlands"
EU_RP_CONTACT = "eu-safety@qinglan.example"
ELECTRICAL = frozenset(
    {"anc-wireless-earbuds", "magnetic-power-bank-10000", "gan-charger-65w", "led-desk-lamp"}
)
# The product whose EU responsible person has no postal address (hidden from EU viewers): one
# no past show sold in the EU.
MISSING_EU_ADDRESS = "silk-blend-slip-dress"
GS1_PREFIX = "693871"  # a China prefix; the rest is made up

# Warnings per category, in English and the EU market's other languages (one a line).
WARNINGS: dict[Category, dict[str, str]] = {
    Category.APPAREL: {
        "en": "Keep away from fire.\nWash dark colours separately before first wear.",
        "de": "Von Feuer fernhalten.\nDunkle Farben vor dem ersten Tragen separat waschen.",
        "fr": "Tenir éloigné du feu.\nLaver les couleurs foncées séparément avant de porter.",
        "es": "Mantener alejado del fuego.\nLavar los colores oscuros por separado.",
        "it": "Tenere lontano dal fuoco.\nLavare separatamente i colori scuri.",
    },
    Category.SHOES: {
        "en": "Soles can be slippery on wet floors.",
        "de": "Sohlen können auf nassen Böden rutschig sein.",
        "fr": "Les semelles peuvent glisser sur un sol mouillé.",
        "es": "Las suelas pueden resbalar en suelos mojados.",
        "it": "Le suole possono scivolare su pavimenti bagnati.",
    },
    Category.BEAUTY: {
        "en": "For external use only.\nAvoid contact with eyes; stop use if irritation occurs.",
        "de": "Nur äußerlich anwenden.\nKontakt mit den Augen vermeiden; bei Reizung absetzen.",
        "fr": "Usage externe uniquement.\nÉviter le contact avec les yeux ; cesser en cas "
        "d'irritation.",
        "es": "Solo para uso externo.\nEvitar el contacto con los ojos; suspender si hay "
        "irritación.",
        "it": "Solo per uso esterno.\nEvitare il contatto con gli occhi; sospendere in caso di "
        "irritazione.",
    },
    Category.ELECTRONICS: {
        "en": "Do not expose to water or heat above 45 °C.\nUse only a certified USB-C "
        "power supply.\nKeep small parts away from children under 3.",
        "de": "Nicht Wasser oder Hitze über 45 °C aussetzen.\nNur ein zertifiziertes "
        "USB-C-Netzteil verwenden.\nKleinteile von Kindern unter 3 Jahren fernhalten.",
        "fr": "Ne pas exposer à l'eau ni à une chaleur supérieure à 45 °C.\nUtiliser "
        "uniquement un chargeur USB-C certifié.\nTenir les petites pièces hors de portée "
        "des enfants de moins de 3 ans.",
        "es": "No exponer al agua ni a temperaturas superiores a 45 °C.\nUsar solo un "
        "cargador USB-C certificado.\nMantener las piezas pequeñas lejos de menores de 3 años.",
        "it": "Non esporre ad acqua o a temperature oltre 45 °C.\nUsare solo un alimentatore "
        "USB-C certificato.\nTenere le parti piccole lontano dai bambini sotto i 3 anni.",
    },
    Category.HOME: {
        "en": "Hot drinks can scald: handle with care.",
        "de": "Heiße Getränke können verbrühen: vorsichtig handhaben.",
        "fr": "Les boissons chaudes peuvent brûler : manipuler avec précaution.",
        "es": "Las bebidas calientes pueden quemar: manipular con cuidado.",
        "it": "Le bevande calde possono scottare: maneggiare con cura.",
    },
}


def gtin(index: int) -> str:
    """A valid GTIN-13 for the demo's INDEXth product."""
    body = f"{GS1_PREFIX}{index:06d}"
    for check in "0123456789":
        if gtin_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


def with_safety(product_in: ProductIn, spec: ProductSpec) -> ProductIn:
    """PRODUCT_IN with the product's safety fields (the GTIN numbered from its handle)."""
    warnings = WARNINGS.get(spec.category, WARNINGS[Category.HOME])
    fields = {
        "manufacturer_name": COMPANY,
        "manufacturer_address": COMPANY_ADDRESS,
        "manufacturer_contact": MANUFACTURER_CONTACT,
        "eu_rp_name": EU_RP,
        "eu_rp_address": "" if spec.handle == MISSING_EU_ADDRESS else EU_RP_ADDRESS,
        "eu_rp_contact": EU_RP_CONTACT,
        "product_identifier": f"Type {spec.sku}, batch 2026-11",
        "gtin": gtin(zlib.crc32(spec.handle.encode()) % 1_000_000),
        "safety_warnings": warnings["en"],
        "safety_warnings_lang": "en",
        "electrical": spec.handle in ELECTRICAL,
    }
    return product_in.model_copy(update=fields)


def seed_warnings(
    db: Session, seller_id: int, specs: list[ProductSpec], product_ids: dict[str, int]
) -> None:
    """The warnings' approved translations into the EU market's other languages."""
    categories = {spec.handle: spec.category for spec in specs}
    for handle, product_id in product_ids.items():
        warnings = WARNINGS.get(categories[handle], WARNINGS[Category.HOME])
        for lang, text in warnings.items():
            if lang != "en":
                content.save(db, seller_id, "product", product_id, "safety_warnings", lang, text)
