"""Publish tokens: one bearer token per show and host, checked on every WHIP request.

Stand-in until the shows domain's `ShowPublishToken` lands: a token is the show id, the
host's user id and an HMAC over both with the site's signing key. `authorize_publisher` is
the one place the WHIP endpoint asks, so switching to stored tokens changes only this module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.errors import NotAuthenticated
from crosslive.shows.models import Show, ShowHost, ShowState

REFUSED = "a valid publish token for this show is required"


@dataclass(frozen=True)
class PublishGrant:
    show_id: int
    seller_id: int
    user_id: int


def _signature(signing_key: str, show_id: int, user_id: int) -> str:
    digest = hmac.new(
        signing_key.encode(), f"crosslive-publish:{show_id}:{user_id}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def issue_publish_token(signing_key: str, show: Show, user: StaffUser) -> str:
    return f"{show.id}.{user.id}.{_signature(signing_key, show.id, user.id)}"


def may_publish(db: Session, show: Show, user: StaffUser) -> bool:
    if user.seller_id != show.seller_id:
        return False
    if user.role == Role.OWNER:
        return True
    host = db.scalar(
        select(ShowHost.id).where(ShowHost.show_id == show.id, ShowHost.user_id == user.id)
    )
    return host is not None


def authorize_publisher(db: Session, signing_key: str, show_slug: str, token: str) -> PublishGrant:
    """The grant for a valid token of a host of this (not ended) show; 401 otherwise."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        raise NotAuthenticated(REFUSED)
    show_id, user_id = int(parts[0]), int(parts[1])
    if not hmac.compare_digest(parts[2], _signature(signing_key, show_id, user_id)):
        raise NotAuthenticated(REFUSED)
    show = db.get(Show, show_id)
    user = db.get(StaffUser, user_id)
    if show is None or user is None or show.slug != show_slug or show.state == ShowState.ENDED:
        raise NotAuthenticated(REFUSED)
    if not may_publish(db, show, user):
        raise NotAuthenticated(REFUSED)
    return PublishGrant(show_id=show.id, seller_id=show.seller_id, user_id=user.id)
