"""Accounts and login sessions. Passwords are hashed and checked in auth.passwords, off the
event loop; logging in (limits, the check, the session) is auth.logins."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crosslive.auth.models import LoginSession, Role, Seller, StaffUser
from crosslive.auth.passwords import MIN_PASSWORD, hash_password
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


def normal_email(email: str) -> str:
    return email.strip().lower()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD} characters")


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_seller(db: Session, *, slug: str, name: str, base_currency: str = "USD") -> Seller:
    if not _SLUG.match(slug):
        raise InvalidInput("store slug must be lowercase letters, digits and dashes")
    if db.scalar(select(Seller).where(Seller.slug == slug)) is not None:
        raise Conflict(f"a store named {slug!r} already exists")
    seller = Seller(slug=slug, name=name.strip() or slug, base_currency=base_currency.upper())
    db.add(seller)
    db.flush()
    return seller


def create_staff(
    db: Session, seller: Seller, *, email: str, name: str, password: str, role: Role
) -> StaffUser:
    email = normal_email(email)
    if not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an email address")
    check_new_password(password)
    if db.scalar(select(StaffUser).where(StaffUser.email == email)) is not None:
        raise Conflict(f"an account for {email} already exists")
    user = StaffUser(
        seller_id=seller.id,
        email=email,
        name=name.strip() or email,
        role=role,
        password_hash=hash_password(password),
    )
    db.add(user)
    db.flush()
    return user


@dataclass(frozen=True)
class Account:
    """What a password check needs to know about an account."""

    user_id: int
    email: str
    password_hash: str


def account_by_email(db: Session, email: str) -> Account | None:
    user = db.scalar(select(StaffUser).where(StaffUser.email == normal_email(email)))
    return None if user is None else Account(user.id, user.email, user.password_hash)


def account_by_id(db: Session, user_id: int) -> Account:
    user = db.get(StaffUser, user_id)
    if user is None:
        raise NotAuthenticated("not logged in or the session has expired")
    return Account(user.id, user.email, user.password_hash)


def _staff(db: Session, user_id: int) -> StaffUser:
    user = db.get(StaffUser, user_id)
    if user is None:
        raise NotAuthenticated("not logged in or the session has expired")
    return user


def start_session(
    db: Session,
    user_id: int,
    *,
    days: int,
    end_others: bool = False,
    new_hash: str | None = None,
) -> tuple[StaffUser, str]:
    """Create a login session for the account and return it with its token (shown once,
    stored hashed). END_OTHERS ends the account's other sessions first; NEW_HASH replaces
    a password hash made with weaker parameters."""
    user = _staff(db, user_id)
    if new_hash is not None:
        user.password_hash = new_hash
    if end_others:
        end_all_sessions(db, user.id)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.add(
        LoginSession(
            token_sha256=_token_digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    db.execute(delete(LoginSession).where(LoginSession.expires_at < now))
    db.flush()
    return user, token


def user_for_token(db: Session, token: str) -> StaffUser:
    login = db.scalar(select(LoginSession).where(LoginSession.token_sha256 == _token_digest(token)))
    if login is None or login.expires_at < utcnow():
        raise NotAuthenticated("not logged in or the session has expired")
    return login.user


def end_session(db: Session, token: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_sha256 == _token_digest(token)))


def end_all_sessions(db: Session, user_id: int, *, keep_token: str | None = None) -> int:
    """End the account's sessions (but the one of KEEP_TOKEN); how many were ended."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep_token is not None:
        query = query.where(LoginSession.token_sha256 != _token_digest(keep_token))
    ended = db.execute(query).rowcount  # type: ignore[attr-defined]
    db.flush()
    return int(ended or 0)


def set_password_hash(db: Session, user_id: int, new_hash: str, *, keep_token: str) -> None:
    """A changed password: store its hash and end every other session of the account."""
    _staff(db, user_id).password_hash = new_hash
    end_all_sessions(db, user_id, keep_token=keep_token)


def csrf_token(signing_key: str, session_token: str) -> str:
    """A form token bound to the login session (the session token itself never reaches HTML)."""
    return hmac.new(signing_key.encode(), session_token.encode(), hashlib.sha256).hexdigest()


FORM_EXPIRED = "the form expired; reload the page and try again"


def check_csrf(signing_key: str, session_token: str, submitted: str) -> None:
    if not hmac.compare_digest(csrf_token(signing_key, session_token), submitted or ""):
        raise PermissionDenied(FORM_EXPIRED)


def require_role(user: StaffUser, *roles: Role) -> None:
    if user.role not in roles:
        allowed = ", ".join(r.value for r in roles)
        raise PermissionDenied(f"this needs the {allowed} role; you are {user.role.value}")


def get_seller(db: Session, seller_id: int) -> Seller:
    seller = db.get(Seller, seller_id)
    if seller is None:
        raise NotFound(f"no store {seller_id}")
    return seller


def find_seller(db: Session, slug: str) -> Seller | None:
    return db.scalar(select(Seller).where(Seller.slug == slug))


def list_sellers(db: Session, *, limit: int) -> list[Seller]:
    """The first LIMIT stores, oldest first."""
    return list(db.scalars(select(Seller).order_by(Seller.id).limit(limit)))


def staff_with_roles(db: Session, seller_id: int, roles: Sequence[Role]) -> list[StaffUser]:
    """The seller's staff holding one of ROLES, by name."""
    query = (
        select(StaffUser)
        .where(StaffUser.seller_id == seller_id, StaffUser.role.in_(roles))
        .order_by(StaffUser.name, StaffUser.id)
    )
    return list(db.scalars(query))


def staff_by_id(db: Session, seller_id: int, user_ids: Sequence[int]) -> dict[int, StaffUser]:
    """The seller's staff among these ids (others' and unknown ids are left out), by id."""
    wanted = list(dict.fromkeys(user_ids))
    if not wanted:
        return {}
    query = select(StaffUser).where(StaffUser.seller_id == seller_id, StaffUser.id.in_(wanted))
    return {user.id: user for user in db.scalars(query)}


def change_role(db: Session, owner: StaffUser, user_id: int, role: Role) -> StaffUser:
    """The owner gives a staff member of their store another role. A store keeps at least one
    owner. What the member may do follows at once (a host made moderator no longer hosts)."""
    require_role(owner, Role.OWNER)
    user = staff_by_id(db, owner.seller_id, [user_id]).get(user_id)
    if user is None:
        raise NotFound(f"staff member {user_id} is not in your store")
    if user.role == Role.OWNER and role != Role.OWNER:
        owners = staff_with_roles(db, owner.seller_id, [Role.OWNER])
        if len(owners) <= 1:
            raise Conflict("a store keeps at least one owner; make someone else owner first")
    user.role = role
    db.flush()
    return user


def set_paid_by_brand(db: Session, owner: StaffUser, user_id: int, paid: bool) -> StaffUser:
    """The owner records whether the brand pays a host (a material connection the live room
    then discloses whenever that host is on a show)."""
    require_role(owner, Role.OWNER)
    user = staff_by_id(db, owner.seller_id, [user_id]).get(user_id)
    if user is None:
        raise NotFound(f"staff member {user_id} is not in your store")
    user.paid_by_brand = paid
    db.flush()
    return user
