"""A proof of work before stock is reserved: cheap for one buyer, costly for a script that
drains a show.

`POST /shows/{show}/checkout/challenge` hands the viewer a challenge: a token signed with the
server's key (HMAC-SHA256) naming a random id, the show, the viewer, the difficulty in bits
and an expiry. The buyer's browser (static/shop/proof-worker.js) finds a nonce such that
SHA-256(token ":" nonce) starts with that many zero bits, 2^bits hashes on average, and the
checkout carries both. The server checks the signature, the show, the viewer, the expiry and
the difficulty still needed, then hashes once; the challenge's id is then stored with the
order (`UsedChallenge`), so a solved challenge reserves stock once.

The difficulty grows by a bit per doubling of the units in the cart and per order the client
address already placed in the show (up to CHECKOUT_PROOF_MAX_BITS).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crosslive.errors import Conflict, InvalidInput
from crosslive.i18n import N_
from crosslive.orders.models import Cart, Order, OrderStatus, UsedChallenge
from crosslive.orders.schemas import ChallengeOut, ProofIn
from crosslive.settings import Settings

ALGORITHM = "sha256-leading-zero-bits"
MAX_TOKEN = 512
MAX_NONCE = 64


class ProofRejected(InvalidInput):
    """The checkout's proof of work is missing, forged, expired, too easy or wrong."""

    def body(self) -> dict[str, object]:
        return {"detail": self.message, "code": "challenge"}


class ChallengeSpent(Conflict):
    """The challenge was already used for an order."""

    def body(self) -> dict[str, object]:
        return {"detail": self.message, "code": "challenge"}


@dataclass(frozen=True)
class Policy:
    key: str
    bits: int = 14
    max_bits: int = 18
    ttl_s: int = 300

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        return cls(
            key=settings.signing_key(),
            bits=settings.checkout_proof_bits,
            max_bits=max(settings.checkout_proof_max_bits, settings.checkout_proof_bits),
            ttl_s=settings.checkout_challenge_seconds,
        )


@dataclass(frozen=True)
class Challenge:
    id: str
    show_id: int
    viewer_id: str
    bits: int
    expires: int  # Unix seconds


def _sign(key: str, body: str) -> str:
    mac = hmac.new(key.encode(), b"checkout-challenge:" + body.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def issue(policy: Policy, *, show_id: int, viewer_id: str, bits: int, now: float) -> str:
    """A signed challenge for VIEWER_ID in SHOW_ID, BITS hard, valid for the policy's TTL."""
    claims = {
        "c": secrets.token_hex(16),
        "s": show_id,
        "v": viewer_id,
        "b": bits,
        "x": int(now) + policy.ttl_s,
    }
    raw = json.dumps(claims, separators=(",", ":")).encode()
    body = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return f"{body}.{_sign(policy.key, body)}"


_FORGED = ProofRejected(N_("the checkout check is not valid; place the order again"))


def read(policy: Policy, token: str) -> Challenge:
    """The challenge TOKEN names, if the server signed it; ProofRejected otherwise."""
    if len(token) > MAX_TOKEN or "." not in token:
        raise _FORGED
    body, signature = token.rsplit(".", 1)
    if not hmac.compare_digest(_sign(policy.key, body).encode(), signature.encode()):
        raise _FORGED
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return Challenge(
            id=str(data["c"]),
            show_id=int(data["s"]),
            viewer_id=str(data["v"]),
            bits=int(data["b"]),
            expires=int(data["x"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _FORGED from None


def meets(token: str, nonce: str, bits: int) -> bool:
    """Whether SHA-256(TOKEN ":" NONCE) starts with BITS zero bits (one hash)."""
    digest = hashlib.sha256(f"{token}:{nonce}".encode()).digest()
    return int.from_bytes(digest, "big") >> (256 - bits) == 0 if bits else True


def solve(token: str, bits: int) -> str:
    """The first nonce that meets BITS: what a buyer's browser does, here for tests and
    benchmarks (2^BITS hashes on average)."""
    prefix = hashlib.sha256(f"{token}:".encode())
    for n in itertools.count():
        nonce = str(n)
        h = prefix.copy()
        h.update(nonce.encode())
        if not bits or int.from_bytes(h.digest(), "big") >> (256 - bits) == 0:
            return nonce
    raise AssertionError("unreachable")


def needed_bits(
    db: Session, policy: Policy, show_id: int, cart: Cart | None, client_key: str
) -> int:
    """The difficulty a checkout of CART from CLIENT_KEY needs now."""
    units = sum(item.quantity for item in cart.items) if cart else 1
    placed = 0
    if client_key:
        placed = (
            db.scalar(
                select(func.count(Order.id)).where(
                    Order.show_id == show_id,
                    Order.client_key == client_key,
                    Order.status != OrderStatus.CANCELLED,
                )
            )
            or 0
        )
    extra = max(0, units.bit_length() - 1) + placed
    return min(policy.max_bits, policy.bits + extra)


def verify(
    policy: Policy,
    token: str,
    nonce: str,
    *,
    show_id: int,
    viewer_id: str,
    bits_needed: int,
    now: float,
) -> Challenge:
    """The challenge, when NONCE solves TOKEN for this show and viewer at BITS_NEEDED and it
    has not expired; ProofRejected with what is wrong otherwise. One hash, one HMAC."""
    challenge = read(policy, token)
    if challenge.show_id != show_id or challenge.viewer_id != viewer_id:
        raise ProofRejected(N_("this checkout check was made for another show or viewer"))
    if challenge.expires <= now:
        raise ProofRejected(N_("the checkout check expired; place the order again"))
    if challenge.bits < bits_needed:
        raise ProofRejected(
            N_(
                "the checkout check needs more work now (the order grew, or your network "
                "ordered meanwhile); place the order again"
            )
        )
    if len(nonce) > MAX_NONCE or not meets(token, nonce, challenge.bits):
        raise ProofRejected(N_("the checkout check was not solved; place the order again"))
    return challenge


def spend(db: Session, challenge: Challenge, now: float) -> None:
    """Record CHALLENGE as used (ChallengeSpent when it was), and forget expired ones. Two
    checkouts racing with one challenge: the second fails the primary key and rolls back."""
    if db.get(UsedChallenge, challenge.id) is not None:
        raise ChallengeSpent(N_("this checkout check was already used; place the order again"))
    moment = datetime.fromtimestamp(now, UTC)
    db.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < moment))
    expires = datetime.fromtimestamp(challenge.expires, UTC)
    db.add(UsedChallenge(id=challenge.id, expires_at=expires))
    db.flush()


def redeem(
    db: Session,
    policy: Policy,
    solved: ProofIn,
    *,
    show_id: int,
    viewer_id: str,
    cart: Cart | None,
    client_key: str,
    now: float,
) -> None:
    """Check the checkout's proof against the difficulty CART needs now, then spend it."""
    bits = needed_bits(db, policy, show_id, cart, client_key)
    challenge = verify(
        policy,
        solved.challenge,
        solved.nonce,
        show_id=show_id,
        viewer_id=viewer_id,
        bits_needed=bits,
        now=now,
    )
    spend(db, challenge, now)


def challenge_for(
    db: Session,
    policy: Policy,
    *,
    show_id: int,
    viewer_id: str,
    cart: Cart | None,
    client_key: str,
    now: float,
) -> ChallengeOut:
    """A new challenge, as hard as a checkout of CART from CLIENT_KEY needs now."""
    bits = needed_bits(db, policy, show_id, cart, client_key)
    token = issue(policy, show_id=show_id, viewer_id=viewer_id, bits=bits, now=now)
    return ChallengeOut(challenge=token, bits=bits, algorithm=ALGORITHM, expires_in=policy.ttl_s)
