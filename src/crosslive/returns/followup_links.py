"""The one-click answer links of the follow-up after delivery: one signed token per order
line and answer, no login needed.

A token is the order's public id, the line and the answer, signed with the app's secret and
a salt of its own (itsdangerous), so neither an order-page token nor a changed character
passes. It lasts as long as the order's return window: the service refuses it once
`order.returns_until` has passed (the signature carries no age of its own).
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from crosslive.errors import NotFound
from crosslive.orders.models import Order
from crosslive.returns.followup_models import Answer
from crosslive.settings import Settings

_SALT = "crosslive.returns.follow-up"
_ANSWERS = frozenset(a.value for a in Answer)
BROKEN = "this link does not work: it is incomplete or was changed"


@dataclass(frozen=True)
class Click:
    """What a genuine token says: this order's line, this answer."""

    public_id: str
    line_id: int
    answer: Answer


@dataclass(frozen=True)
class FollowUpLinks:
    base_url: str
    secret: str

    @classmethod
    def from_settings(cls, settings: Settings) -> FollowUpLinks:
        return cls(settings.public_url, settings.signing_key())

    def _serializer(self) -> URLSafeSerializer:
        return URLSafeSerializer(self.secret, salt=_SALT)

    def token(self, order: Order, line_id: int, answer: Answer) -> str:
        return str(self._serializer().dumps([order.public_id, line_id, answer.value]))

    def path(self, order: Order, line_id: int, answer: Answer) -> str:
        return f"/follow-up/{self.token(order, line_id, answer)}"

    def url(self, order: Order, line_id: int, answer: Answer) -> str:
        return self.base_url.rstrip("/") + self.path(order, line_id, answer)

    def read(self, token: str) -> Click:
        """The click TOKEN stands for; NotFound when we did not sign it (tampered, cut short,
        made up, or another kind of link)."""
        try:
            value = self._serializer().loads(token)
        except BadSignature:
            raise NotFound(BROKEN) from None
        match value:
            case [str(public_id), int(line_id), str(answer)] if answer in _ANSWERS:
                return Click(public_id, line_id, Answer(answer))
        raise NotFound(BROKEN)
