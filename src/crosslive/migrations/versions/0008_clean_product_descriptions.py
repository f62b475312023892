"""clean product descriptions stored before they were sanitised on the way in

Descriptions (a Shopify export's Body (HTML), the product form and API) used to be stored as
given; they are now cleaned with nh3 before they are stored. This cleans the ones already
stored, the same way, so none is ever shown as HTML uncleaned. Nothing to undo: a cleaned
description stays cleaned.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-10 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import nh3
import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As crosslive.catalog.descriptions cleaned them when this was written.
LINK_REL = "noopener noreferrer nofollow"
products = sa.table(
    "products", sa.column("id", sa.Integer()), sa.column("description_html", sa.Text())
)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(products.c.id, products.c.description_html).where(
            products.c.description_html != ""
        )
    ).all()
    for product_id, html in rows:
        cleaned = nh3.clean(html, link_rel=LINK_REL)
        if cleaned != html:
            conn.execute(
                products.update()
                .where(products.c.id == product_id)
                .values(description_html=cleaned)
            )


def downgrade() -> None:
    pass
