"""The card provider's settings (Stripe): part of `Settings`, read from `CROSSLIVE_`-prefixed
environment variables like the rest. Keys are `SecretStr`: printed or logged they show
`**********`, and they are never stored in the database."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

STRIPE_API = "https://api.stripe.com"


class PaymentProviderSettings(BaseSettings):
    stripe_secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Stripe secret key (sk_test_... or sk_live_..., or a restricted rk_ key). "
        "Empty: card and wallet payments are off. The prefix decides test or live mode.",
    )
    stripe_webhook_secret: SecretStr = Field(
        default=SecretStr(""),
        description="The signing secret (whsec_...) of the Stripe webhook endpoint that points "
        "at /api/v1/payments/stripe/webhook. Required with the secret key.",
    )
    stripe_api_base: str = Field(
        default=STRIPE_API,
        description="Stripe's API address; only tests point it at a local server.",
    )
    card_pay_minutes: int = Field(
        default=60,
        ge=30,
        le=1440,
        description="Minutes an unpaid card or wallet order placed outside a live show holds "
        "its stock (Stripe's hosted page stays open between 30 minutes and 24 hours).",
    )

    @field_validator("stripe_api_base")
    @classmethod
    def _http_address(cls, value: str) -> str:
        if not value.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ValueError("stripe_api_base is an https:// address (http only on loopback)")
        return value.rstrip("/")
