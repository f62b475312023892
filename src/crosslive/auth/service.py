"""Accounts, passwords (argon2) and login sessions."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from crosslive.auth.models import LoginSession, Role, Seller, StaffUser
from crosslive.db import utcnow
from crosslive.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, PermissionDenied

_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
MIN_PASSWORD = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


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
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not an email address")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD} characters")
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


def authenticate(db: Session, email: str, password: str) -> StaffUser:
    user = db.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    if user is None:
        # Spend the same time as a real check so timing does not reveal accounts.
        _hasher.hash(password)
        raise NotAuthenticated("wrong email or password")
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise NotAuthenticated("wrong email or password") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(db: Session, user: StaffUser, *, days: int) -> str:
    """Create a login session and return its token (shown once, stored hashed)."""
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
    return token


def user_for_token(db: Session, token: str) -> StaffUser:
    login = db.scalar(select(LoginSession).where(LoginSession.token_sha256 == _token_digest(token)))
    if login is None or login.expires_at < utcnow():
        raise NotAuthenticated("not logged in or the session has expired")
    return login.user


def end_session(db: Session, token: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.token_sha256 == _token_digest(token)))


def csrf_token(signing_key: str, session_token: str) -> str:
    """A form token bound to the login session (the session token itself never reaches HTML)."""
    return hmac.new(signing_key.encode(), session_token.encode(), hashlib.sha256).hexdigest()


def check_csrf(signing_key: str, session_token: str, submitted: str) -> None:
    if not hmac.compare_digest(csrf_token(signing_key, session_token), submitted or ""):
        raise PermissionDenied("the form expired; reload the page and try again")


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
