"""Recording what a viewer did that no other table keeps: product sheet opened, checkout
started, credential seen. Each is kept once per viewer, show, kind and product or credential
(insert or ignore), so repeats and a page that reports too much cost nothing but the request."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Executable, insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crosslive.db import utcnow
from crosslive.events import action_viewers
from crosslive.events.models import ViewerAction

# At most this many actions per request: a page sends a few at a time.
MAX_BATCH = 50


class ActionKind(enum.StrEnum):
    SHEET_OPENED = "sheet_opened"
    ADDED_TO_CART = "added_to_cart"
    CHECKOUT_STARTED = "checkout_started"
    CREDENTIAL_SEEN = "credential_seen"


class SeenWhere(enum.StrEnum):
    PUSH = "push"  # the host pushed it full screen while the viewer watched
    PANEL = "panel"  # in the trust panel of a product sheet the viewer opened


@dataclass(frozen=True)
class Action:
    kind: ActionKind
    ref_id: int = 0
    detail: str = ""  # credential_seen: the credential's type
    source: str = ""  # credential_seen: push or panel


def record(
    db: Session,
    *,
    seller_id: int,
    show_id: int,
    viewer_id: str,
    market_code: str,
    actions: Iterable[Action],
) -> int:
    """Keep each action not yet kept for this viewer and show; the number of rows given."""
    now = utcnow()
    rows = {
        (a.kind.value, a.ref_id): {
            "seller_id": seller_id,
            "show_id": show_id,
            "viewer_id": viewer_id,
            "kind": a.kind.value,
            "ref_id": a.ref_id,
            "detail": a.detail[:32],
            "source": a.source[:8],
            "market_code": market_code[:8],
            "created_at": now,
        }
        for a in actions
    }
    if not rows:
        return 0
    dialect = db.get_bind().dialect.name
    stmt: Executable
    if dialect == "postgresql":
        stmt = pg_insert(ViewerAction).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite_insert(ViewerAction).on_conflict_do_nothing()
    else:  # pragma: no cover - crosslive runs on SQLite and PostgreSQL only
        stmt = insert(ViewerAction)
    a = ViewerAction
    kept = stmt.returning(a.seller_id, a.show_id, a.market_code, a.kind, a.detail, a.viewer_id)
    # Only the rows really inserted (a repeat is ignored) move the summaries.
    inserted = [r._asdict() for r in db.execute(kept, list(rows.values()))]
    action_viewers.add(db.connection(), inserted)
    return len(rows)
