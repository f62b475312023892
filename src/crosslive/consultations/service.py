"""Requests for a private video call and the calls they become (services flush, never commit).

A viewer asks (`ask`): one open request per viewer, waiting for the store's set time. A host
takes it (`accept`) with one conditional UPDATE, so of two hosts who click at once exactly one
gets it; the other is told it was taken. Each side then gets a one-time publish pass (random,
stored hashed, good for one publish within PASS_TTL, dead when the call ends) for the call's
private room. A request nobody took is `expired` on the next read after its time
(`expire_due`): the viewer is told honestly that nobody was free and that the store will
email them, the store gets an email, and the request waits in the seller's inbox. Events go
to the show's log addressed by `tag` (a hash of the viewer's id), never with personal data.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.auth.models import Role, StaffUser
from crosslive.catalog.models import Product
from crosslive.consultations.models import (
    DEFAULT_WAIT_S,
    Consultation,
    ConsultationSettings,
)
from crosslive.consultations.models import ConsultationState as State
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from crosslive.events import service as events
from crosslive.i18n import N_
from crosslive.mail import outbox
from crosslive.orders import cart as carts
from crosslive.scheduler import service as scheduler
from crosslive.shows.models import Show

PASS_TTL = timedelta(minutes=2)
PASS_PREFIX = "call_"
MIN_WAIT_S, MAX_WAIT_S = 30, 3600
MAX_NOTE = 500
REFUSED = "this call pass is not valid: join the call again"
EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]{1,189}\.[^@\s<>\"]{2,}$")
OPEN = (State.WAITING, State.ACCEPTED)
HOST, VIEWER = "host", "viewer"
# The scheduler's job that expires a request at its time (consultations.jobs runs it).
EXPIRE_JOB = "consultations.expire"
# A call side whose page sent no heartbeat for SILENT is gone; SILENCE_JOB checks (presence).
SILENT = timedelta(seconds=30)
SILENCE_JOB = "consultations.silence"


def tag(viewer_id: str) -> str:
    """How the event log names a viewer: their page matches it, nobody can reverse it."""
    return hashlib.sha256(f"consult:{viewer_id}".encode()).hexdigest()[:32]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def wait_s(db: Session, seller_id: int) -> int:
    row = db.get(ConsultationSettings, seller_id)
    return row.wait_s if row is not None else DEFAULT_WAIT_S


def waiting_count(db: Session, seller_id: int) -> int:
    """Call requests that wait for the store: asked and not taken yet, or not taken in time
    and not yet marked handled in the seller's inbox."""
    query = select(func.count(Consultation.id)).where(
        Consultation.seller_id == seller_id,
        Consultation.state.in_((State.WAITING, State.EXPIRED)),
        Consultation.handled_at.is_(None),
    )
    return int(db.scalar(query) or 0)


def set_wait_s(db: Session, seller_id: int, seconds: int) -> int:
    if not MIN_WAIT_S <= seconds <= MAX_WAIT_S:
        raise InvalidInput(f"the wait must be between {MIN_WAIT_S} and {MAX_WAIT_S} seconds")
    row = db.get(ConsultationSettings, seller_id)
    if row is None:
        db.add(ConsultationSettings(seller_id=seller_id, wait_s=seconds))
    else:
        row.wait_s = seconds
    db.flush()
    return seconds


def clean_email(email: str) -> str:
    text = email.strip()
    if text and (len(text) > 254 or not EMAIL.match(text)):
        raise InvalidInput(N_("that email address does not look right"))
    return text


def ask(
    db: Session,
    show: Show,
    viewer_id: str,
    *,
    email: str = "",
    language: str = i18n.DEFAULT,
    market: str = "",
    product_id: int | None = None,
    note: str = "",
    region: str = "",
    now: datetime | None = None,
) -> Consultation:
    """A viewer asks for a call with SHOW's store (from its live room, replay or embed).
    REGION is the viewer's media region: the call's room will be on its node."""
    now = now or utcnow()
    expire_due(db, now)
    address = clean_email(email)
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"a note has at most {MAX_NOTE} characters")
    if product_id is not None:
        product = db.get(Product, product_id)
        if product is None or product.seller_id != show.seller_id:
            raise NotFound(N_("that product is not on sale in this show"))
    market_code = carts.find_market(db, show, market).code if market.strip() else ""
    if db.scalar(select(Consultation.id).where(Consultation.open_key == viewer_id)):
        raise Conflict(N_("you already asked for a video call"))
    row = Consultation(
        seller_id=show.seller_id,
        show_id=show.id,
        viewer_id=viewer_id,
        open_key=viewer_id,
        state=State.WAITING,
        email=address,
        language=i18n.supported(language),
        market_code=market_code,
        product_id=product_id,
        note=note.strip(),
        region=region,
        requested_at=now,
        expires_at=now + timedelta(seconds=wait_s(db, show.seller_id)),
    )
    db.add(row)
    db.flush()
    scheduler.schedule(db, EXPIRE_JOB, row.expires_at, key=f"consult:{row.id}")
    events.record(db, show.id, "consult_requested", {"consultation_id": row.id})
    return row


def changed(db: Session, query: Any) -> bool:
    """Run a conditional UPDATE; whether it moved the one row it names (pending changes are
    flushed first: the caller refreshes the row after it)."""
    db.flush()
    result = db.execute(query.execution_options(synchronize_session=False))
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def expire_due(db: Session, now: datetime | None = None) -> list[Consultation]:
    """Requests whose time ran out become `expired`: the viewer is told, the store emailed."""
    now = now or utcnow()
    query = select(Consultation).where(
        Consultation.state == State.WAITING, Consultation.expires_at <= now
    )
    expired = []
    for row in db.scalars(query.order_by(Consultation.id)).all():
        moved = update(Consultation).where(
            Consultation.id == row.id, Consultation.state == State.WAITING
        )
        if changed(db, moved.values(state=State.EXPIRED, open_key=None, ended_at=now)):
            db.refresh(row)
            row.end_reason = "nobody_free"
            _tell_store(db, row)
            data = {"consultation_id": row.id, "to": tag(row.viewer_id)}
            events.record(db, row.show_id, "consult_expired", data)
            expired.append(row)
    db.flush()
    return expired


def _tell_store(db: Session, row: Consultation) -> None:
    owners = db.scalars(
        select(StaffUser.email).where(
            StaffUser.seller_id == row.seller_id, StaffUser.role == Role.OWNER
        )
    ).all()
    reply = row.email or "(no address given)"
    text = (
        f"A viewer asked for a video call at {row.requested_at:%Y-%m-%d %H:%M} UTC and nobody "
        f"took it in time.\nReply to: {reply}\nLanguage: {row.language}\n"
        f"See the video call inbox in the seller admin (request {row.id})."
    )
    for address in owners:
        outbox.enqueue(db, to=address, subject="A video call request nobody took", text=text)


def _store_row(db: Session, user: StaffUser, consultation_id: int) -> Consultation:
    row = db.get(Consultation, consultation_id)
    if row is None or row.seller_id != user.seller_id:
        raise NotFound("no such video call request")
    return row


def _can_take(user: StaffUser) -> None:
    if user.role not in (Role.OWNER, Role.HOST):
        raise PermissionDenied("only the store's owners and hosts take video calls")


def _issue(row: Consultation, side: str, now: datetime) -> str:
    token = PASS_PREFIX + secrets.token_urlsafe(24)
    if side == HOST:
        row.host_pass_hash, row.host_pass_expires_at = _hash(token), now + PASS_TTL
    else:
        row.viewer_pass_hash, row.viewer_pass_expires_at = _hash(token), now + PASS_TTL
    return token


def accept(
    db: Session, user: StaffUser, consultation_id: int, now: datetime | None = None
) -> tuple[Consultation, str]:
    """USER takes the request: exactly one host can (a conditional UPDATE). Their pass."""
    now = now or utcnow()
    _can_take(user)
    expire_due(db, now)
    row = _store_row(db, user, consultation_id)
    taken = update(Consultation).where(
        Consultation.id == row.id,
        Consultation.state == State.WAITING,
        Consultation.expires_at > now,
    )
    if not changed(db, taken.values(state=State.ACCEPTED, host_id=user.id, accepted_at=now)):
        db.refresh(row)
        if row.state == State.ACCEPTED:
            raise Conflict("another host already took this call")
        raise Conflict(f"this request is {row.state.value}")
    db.refresh(row)
    token = _issue(row, HOST, now)
    row.host_seen_at = row.viewer_seen_at = now  # both sides get SILENT to show up
    db.flush()
    plan_silence_check(db, row, now + SILENT)
    data = {"consultation_id": row.id, "to": tag(row.viewer_id), "host": user.name}
    events.record(db, row.show_id, "consult_accepted", data)
    return row, token


def viewer_row(db: Session, viewer_id: str, consultation_id: int) -> Consultation:
    row = db.get(Consultation, consultation_id)
    if row is None or row.viewer_id != viewer_id:
        raise NotFound(N_("no such video call"))
    return row


def join(db: Session, row: Consultation, side: str, now: datetime | None = None) -> str:
    """A fresh one-time pass for SIDE of an accepted call (the last one dies)."""
    now = now or utcnow()
    if row.state != State.ACCEPTED:
        raise Conflict(N_("this video call has ended"))
    token = _issue(row, side, now)
    seen(row, side, now)
    db.flush()
    return token


def seen(row: Consultation, side: str, now: datetime) -> None:
    """SIDE's call page is alive at NOW (its heartbeat, its join)."""
    if side == HOST:
        row.host_seen_at = now
    else:
        row.viewer_seen_at = now


def plan_silence_check(db: Session, row: Consultation, due: datetime) -> None:
    key = f"silence:{row.id}:{due.isoformat()}"
    payload = {"consultation_id": row.id, "due": due.isoformat()}
    scheduler.schedule(db, SILENCE_JOB, due, payload, key=key)


def host_row(db: Session, user: StaffUser, consultation_id: int) -> Consultation:
    """A call USER took (only its host may join, send products or hang up as host)."""
    row = _store_row(db, user, consultation_id)
    if row.host_id != user.id:
        raise PermissionDenied("only the host who took this call can do this")
    return row


def authorize(
    db: Session, consultation_id: int, token: str, *, publish: bool, now: datetime | None = None
) -> tuple[Consultation, str]:
    """The call and side a pass belongs to. PUBLISH spends it (one publish within PASS_TTL);
    otherwise (watch the other side, hang up) it is good while the call lasts."""
    now = now or utcnow()
    digest = _hash(token)
    row = db.get(Consultation, consultation_id)
    if row is None or row.state != State.ACCEPTED:
        raise NotAuthenticated(REFUSED)
    if row.host_pass_hash == digest:
        side, expires = HOST, row.host_pass_expires_at
    elif row.viewer_pass_hash == digest:
        side, expires = VIEWER, row.viewer_pass_expires_at
    else:
        raise NotAuthenticated(REFUSED)
    if publish:
        if expires is None or expires <= now:
            raise NotAuthenticated(REFUSED)
        if side == HOST:
            row.host_pass_expires_at = now
        else:
            row.viewer_pass_expires_at = now
        db.flush()
    return row, side


def is_over(db: Session, consultation_id: int) -> bool:
    """Whether the call exists and is no longer open (its room may go)."""
    row = db.get(Consultation, consultation_id)
    return row is not None and row.state not in OPEN


def hang_up(db: Session, row: Consultation, by: str, now: datetime | None = None) -> bool:
    """End the call (or withdraw a waiting request) for both sides; False if already over."""
    now = now or utcnow()
    reason = f"{by}_hung_up" if row.state == State.ACCEPTED else "withdrawn"
    ended = update(Consultation).where(Consultation.id == row.id, Consultation.state.in_(OPEN))
    if not changed(db, ended.values(state=State.ENDED, open_key=None, ended_at=now)):
        return False
    db.refresh(row)
    row.end_reason = reason
    db.flush()
    data = {"consultation_id": row.id, "to": tag(row.viewer_id), "reason": reason}
    events.record(db, row.show_id, "consult_ended", data)
    return True
