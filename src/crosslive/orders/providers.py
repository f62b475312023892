"""The payment methods a store offers, built from the settings: manual bank transfer always,
Stripe (card and wallet) when its secret key is set."""

from __future__ import annotations

from dataclasses import dataclass

from crosslive.errors import InvalidInput
from crosslive.i18n import N_, Listed
from crosslive.orders.payments import ManualBankTransfer, PaymentProvider
from crosslive.orders.stripe_provider import StripeCheckout, StripeConfig
from crosslive.settings import Settings


@dataclass(frozen=True)
class Providers:
    stripe: StripeConfig | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Providers:
        return cls(stripe=StripeConfig.from_settings(settings))

    def offered(self) -> dict[str, PaymentProvider]:
        """The methods a checkout may name."""
        methods: dict[str, PaymentProvider] = {ManualBankTransfer.name: ManualBankTransfer()}
        if self.stripe is not None:
            methods[StripeCheckout.name] = StripeCheckout(self.stripe)
        return methods

    def for_checkout(self, name: str) -> PaymentProvider:
        methods = self.offered()
        if name not in methods:
            raise InvalidInput(
                N_("unknown payment method {method}; choose {methods}"),
                method=repr(name),
                methods=Listed(tuple(methods), "or"),
            )
        return methods[name]

    def for_payment(self, name: str) -> PaymentProvider:
        """The provider of an existing payment: a Stripe payment keeps its provider after the
        key is removed (it can then no longer be refunded through Stripe)."""
        if name == StripeCheckout.name:
            return StripeCheckout(self.stripe)
        return self.for_checkout(name)

    def summary(self) -> list[dict[str, str]]:
        """What the admin may see: each method and its mode, never a key."""
        rows = [{"name": "manual", "label": "Bank transfer", "status": "on", "mode": ""}]
        stripe = self.stripe
        rows.append(
            {
                "name": "stripe",
                "label": "Card and wallet (Stripe)",
                "status": "on" if stripe else "not configured",
                "mode": stripe.mode if stripe else "",
                "webhook": "set" if stripe and stripe.webhook_secret else "missing",
            }
        )
        return rows
