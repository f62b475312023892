"""Card and wallet payments through Stripe Checkout (the hosted payment page).

Checkout only records a pending `stripe` payment: no call to Stripe runs inside the checkout
transaction, which holds the stock rows. The buyer's drawer then asks for the hosted page
(`open_session`, outside any transaction; Stripe's idempotency key is the payment's
reference and the session's end, so two clicks open one session) and is sent there: cards,
Apple Pay / Google Pay and the local methods Stripe offers for the currency (iDEAL,
Bancontact, Konbini ...) appear on it. The order becomes paid only through the signed
webhook (orders.stripe_webhook); `confirm` refuses anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import stripe

from crosslive import i18n, money
from crosslive.errors import Conflict, DomainError, InvalidInput
from crosslive.i18n import N_
from crosslive.orders.models import Order, Payment, PaymentStatus
from crosslive.orders.payments import PaymentStart, instructions_language, new_reference
from crosslive.settings import Settings

log = logging.getLogger(__name__)

NAME = "stripe"
# Stripe's own exponents: zero-decimal currencies, and the three-decimal ones it takes in
# multiples of 10. Every other currency (HUF, TWD and ISK included) is two-decimal there.
_STRIPE_ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
_STRIPE_THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
# A Checkout Session stays open between 30 minutes and 24 hours after it is made.
SESSION_MIN = timedelta(minutes=31)
SESSION_MAX = timedelta(hours=23, minutes=59)
TIMEOUT_SECONDS = 15.0


class ProviderUnavailable(DomainError):
    """Stripe did not answer, or refused the request; nothing was changed here."""

    status_code = 503


@dataclass(frozen=True)
class StripeConfig:
    secret_key: str
    webhook_secret: str
    api_base: str

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeConfig | None:
        """The configuration, or None while no secret key is set (card payments off)."""
        key = settings.stripe_secret_key.get_secret_value()
        if not key:
            return None
        return cls(key, settings.stripe_webhook_secret.get_secret_value(), settings.stripe_api_base)

    @property
    def mode(self) -> str:
        """test or live, from the key's prefix (sk_test_, rk_test_ ...)."""
        return "test" if "_test_" in self.secret_key else "live"

    def __repr__(self) -> str:  # never print the keys
        return f"StripeConfig(mode={self.mode!r}, api_base={self.api_base!r})"

    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            self.secret_key,
            base_addresses={"api": self.api_base},
            max_network_retries=2,
            http_client=stripe.HTTPXClient(timeout=TIMEOUT_SECONDS, allow_sync_methods=True),
        )


def stripe_amount(amount_minor: int, currency: str) -> int:
    """AMOUNT_MINOR (crosslive's minor units of CURRENCY) in the units Stripe's API takes."""
    code = currency.upper()
    theirs = 0 if code in _STRIPE_ZERO_DECIMAL else 3 if code in _STRIPE_THREE_DECIMAL else 2
    shift = theirs - money.exponent(code)
    if shift < 0:
        raise InvalidInput(f"Stripe cannot take {code} amounts with {-shift} more decimals")
    amount = amount_minor * 10**shift
    if code in _STRIPE_THREE_DECIMAL and amount % 10:
        raise InvalidInput(f"Stripe takes {code} amounts in multiples of 0.010")
    return amount


def session_expiry(hold_until: datetime | None, now: datetime) -> datetime:
    """When the hosted page closes: at the order's hold, within the window Stripe allows.
    A live hold shorter than 30 minutes ends first; a payment made after it is refunded."""
    if hold_until is None:
        return now + SESSION_MAX
    return min(max(hold_until, now + SESSION_MIN), now + SESSION_MAX)


def _line_items(order: Order, titles: Mapping[int, str]) -> list[dict[str, Any]]:
    currency = order.currency.lower()
    if sum(line.line_total_minor for line in order.lines) != order.total_minor:
        # The total carries more than the lines (fees): charge it as one amount.
        items = [(f"Order {order.public_id[:8]}", order.total_minor, 1)]
    else:
        items = [
            (
                f"{titles.get(line.variant_id or 0, line.product_title)} ({line.variant_label})"[
                    :250
                ],
                line.unit_price_minor,
                line.quantity,
            )
            for line in order.lines
        ]
    return [
        {
            "quantity": quantity,
            "price_data": {
                "currency": currency,
                "unit_amount": stripe_amount(unit, order.currency),
                "product_data": {"name": name},
            },
        }
        for name, unit, quantity in items
    ]


def session_params(
    order: Order,
    payment: Payment,
    *,
    success_url: str,
    cancel_url: str,
    now: datetime,
    titles: Mapping[int, str] | None = None,
) -> dict[str, Any]:
    """The Checkout Session for ORDER's PAYMENT (mode=payment, in the order's currency);
    TITLES (variant id -> title) overrides the titles the lines were bought under."""
    metadata = {"order": order.public_id, "payment": payment.reference}
    return {
        "mode": "payment",
        "line_items": _line_items(order, titles or {}),
        "client_reference_id": order.public_id,
        "customer_email": order.email,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
        # To the minute: two clicks in the same minute ask for the same session.
        "expires_at": int(session_expiry(order.hold_until, now).timestamp()) // 60 * 60,
    }


def open_session(config: StripeConfig, params: dict[str, Any], reference: str) -> tuple[str, str]:
    """Create the Checkout Session (once per payment REFERENCE); its id and hosted URL."""
    try:
        session = config.client().v1.checkout.sessions.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"crosslive-session-{reference}-{params['expires_at']}"},
        )
    except stripe.StripeError as exc:
        log.warning(
            "stripe session refused", extra={"reference": reference, "error": type(exc).__name__}
        )
        raise ProviderUnavailable("the card payment page could not be opened; try again") from None
    return str(session.id), str(session.url)


class StripeCheckout:
    """The `stripe` payment method: Stripe Checkout's hosted page."""

    name = NAME
    instant = True

    def __init__(self, config: StripeConfig | None) -> None:
        self.config = config

    @property
    def refunds_automatically(self) -> bool:
        """Stripe refunds the card itself, once its key is set."""
        return self.config is not None

    def create_payment(self, db: Any, order: Order) -> PaymentStart:
        if self.config is None:
            raise InvalidInput("card payments are not set up in this store")
        return PaymentStart(
            reference=new_reference("ST"),
            instructions=i18n.translations(instructions_language(db, order)).gettext(
                N_("Pay by card or wallet on Stripe's secure payment page.")
            ),
            details={"hosted": True},
        )

    def confirm(self, db: Any, payment: Payment, payload: Mapping[str, Any]) -> PaymentStatus:
        if not payload.get("stripe_event"):
            raise Conflict("a card payment is marked paid by Stripe's webhook, not by hand")
        if payment.status is not PaymentStatus.PENDING:
            raise Conflict(f"this payment is already {payment.status.value}")
        return PaymentStatus.PAID

    def refund(
        self, db: Any, payment: Payment, amount_minor: int, *, reference: str, key: str
    ) -> str:
        if payment.status is not PaymentStatus.PAID:
            raise Conflict("only a paid payment can be refunded")
        if not 0 < amount_minor <= payment.amount_minor:
            raise InvalidInput("refund between 1 and the amount paid")
        return refund_intent(self._config(), payment, amount_minor, key=f"refund-{key}")

    def _config(self) -> StripeConfig:
        if self.config is None:
            raise Conflict("card payments are not set up (CROSSLIVE_STRIPE_SECRET_KEY)")
        return self.config


def refund_intent(config: StripeConfig, payment: Payment, amount_minor: int, *, key: str) -> str:
    """Refund AMOUNT_MINOR of PAYMENT's payment intent once per KEY; Stripe's refund id."""
    intent = str(payment.details.get("payment_intent") or "")
    if not intent:
        raise Conflict("Stripe has not told us this payment's payment intent yet")
    params = {"payment_intent": intent, "amount": stripe_amount(amount_minor, payment.currency)}
    try:
        refund = config.client().v1.refunds.create(
            params=params,  # type: ignore[arg-type]
            options={"idempotency_key": f"crosslive-{payment.reference}-{key}"},
        )
    except stripe.StripeError as exc:
        log.warning(
            "stripe refund refused",
            extra={"reference": payment.reference, "error": type(exc).__name__},
        )
        raise ProviderUnavailable("Stripe did not make the refund; nothing was refunded") from None
    return str(refund.id)
