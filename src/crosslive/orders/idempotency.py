"""Idempotency keys: a retried or double-sent request replays the first response.

`claim` must be the first write of the unit of work. It inserts (scope, key, fingerprint);
a concurrent request with the same key blocks on the unique index until the first one
commits, then fails the insert, rolls back its (still empty) transaction and replays the
stored response. The same key with a different body is refused with 409.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crosslive.errors import Conflict, InvalidInput
from crosslive.orders.errors import IdempotencyMismatch
from crosslive.orders.models import IdempotencyKey

_KEY = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: dict[str, Any]


def fingerprint(body: Mapping[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_key(key: str | None) -> str:
    if not key:
        raise InvalidInput("an Idempotency-Key header is required")
    if not _KEY.match(key):
        raise InvalidInput("Idempotency-Key: 8-128 letters, digits or _ . : -")
    return key


def _find(db: Session, scope: str, key: str) -> IdempotencyKey | None:
    return db.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
    )


def _replay(row: IdempotencyKey, request_fingerprint: str) -> StoredResponse:
    if row.fingerprint != request_fingerprint:
        raise IdempotencyMismatch("this Idempotency-Key was already used for a different request")
    if row.status_code is None or row.response is None:
        raise Conflict("the first request with this Idempotency-Key is still running")
    return StoredResponse(row.status_code, row.response)


def claim(db: Session, scope: str, key: str, request_fingerprint: str) -> StoredResponse | None:
    """None: this request owns the key and must call `store`; else the response to replay."""
    existing = _find(db, scope, key)
    if existing is not None:
        return _replay(existing, request_fingerprint)
    db.add(IdempotencyKey(scope=scope, key=key, fingerprint=request_fingerprint))
    try:
        db.flush()
    except IntegrityError:
        # Another request with this key committed first; nothing else was written yet.
        db.rollback()
        existing = _find(db, scope, key)
        if existing is None:
            raise Conflict("the request with this Idempotency-Key failed; retry") from None
        return _replay(existing, request_fingerprint)
    return None


def store(db: Session, scope: str, key: str, status_code: int, body: dict[str, Any]) -> None:
    row = _find(db, scope, key)
    if row is None:
        raise RuntimeError("store() without claim()")
    row.status_code = status_code
    row.response = body
    db.flush()
