"""The buyer's link to their order page: a signed, expiring token, no account needed.

The token is the order's public id signed with the app's secret (itsdangerous, with a
timestamp): a changed character fails the signature, an old one fails its age. Each email
carries a freshly signed link, so the newest email's link lasts the longest.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from crosslive.errors import NotFound, PermissionDenied
from crosslive.orders.models import Order
from crosslive.settings import Settings

_SALT = "crosslive.orders.page"


class LinkExpired(PermissionDenied):
    """A genuine link that is too old; nothing about the order is shown."""


@dataclass(frozen=True)
class OrderLinks:
    base_url: str
    secret: str
    max_age_days: int = 365

    @classmethod
    def from_settings(cls, settings: Settings) -> OrderLinks:
        return cls(settings.public_url, settings.signing_key(), settings.order_link_days)

    def _serializer(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt=_SALT)

    def token(self, order: Order) -> str:
        return str(self._serializer().dumps(order.public_id))

    def url(self, order: Order) -> str:
        return f"{self.base_url.rstrip('/')}/orders/{self.token(order)}"

    def public_id(self, token: str) -> str:
        """The order a token stands for; NotFound when it was not signed by us (tampered,
        cut short, made up), LinkExpired when it is older than max_age_days."""
        try:
            value = self._serializer().loads(token, max_age=self.max_age_days * 86400)
        except SignatureExpired:
            raise LinkExpired(
                "this order link has expired; the store can send you a new one"
            ) from None
        except BadSignature:
            raise NotFound("no such order") from None
        if not isinstance(value, str):
            raise NotFound("no such order")
        return value
