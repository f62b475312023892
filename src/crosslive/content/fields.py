"""Which fields of a product, a credential and a show are translated, and their originals.

A product's flaws are a list: their translation is one text, one flaw a line, in the same
order. A size chart's column labels ("chest", "length") are one field each,
"size_chart.<column>"; the sizes themselves (S, M, 38) are not words and stay as they are.
A credential's scope (which products, which markets) is structure, not text: its claim
(the title viewers read) and its issuer are what is translated.
"""

from __future__ import annotations

from crosslive.catalog.models import Product
from crosslive.i18n import A_
from crosslive.shows.models import Show
from crosslive.trust.models import Credential

SIZE_CHART = "size_chart."
PRODUCT_FIELDS = ("title", "description_html", "materials", "flaws", "safety_warnings")
CREDENTIAL_FIELDS = ("claim", "issuer")
SHOW_FIELDS = ("title", "description")
# How the admin names each field.
LABELS = {
    "title": A_("Title"),
    "description_html": A_("Description"),
    "description": A_("Description"),
    "materials": A_("Material and care"),
    "flaws": A_("Disclosed flaws (one a line)"),
    "safety_warnings": A_("Safety warnings"),
    "claim": A_("Claim (title)"),
    "issuer": A_("Issuer"),
}
MAX_TEXT = 20_000


def chart_columns(product: Product) -> list[str]:
    columns: list[str] = []
    for row in product.size_chart:
        columns += [name for name in row.measurements_cm if name not in columns]
    return columns


def product_originals(product: Product) -> dict[str, str]:
    """Field -> the seller's own text, for every translatable field of PRODUCT."""
    found = {
        "title": product.title,
        "description_html": product.description_html or "",
        "materials": product.materials or "",
        "flaws": "\n".join(product.disclosed_flaws or []),
        "safety_warnings": product.safety_warnings or "",
    }
    for column in chart_columns(product):
        found[SIZE_CHART + column] = column
    return found


def credential_originals(credential: Credential) -> dict[str, str]:
    return {"claim": credential.claim, "issuer": credential.issuer or ""}


def show_originals(show: Show) -> dict[str, str]:
    return {"title": show.title, "description": show.description or ""}


SIZE_CHART_LABEL = A_("Size chart label: {column}")


def label_parts(field: str) -> tuple[str, dict[str, str]]:
    """How the admin names FIELD: a seller message and its values."""
    if field.startswith(SIZE_CHART):
        return SIZE_CHART_LABEL, {"column": field[len(SIZE_CHART) :]}
    return LABELS.get(field, field), {}


def label(field: str) -> str:
    template, values = label_parts(field)
    return template.format(**values)
