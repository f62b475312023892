"""Buyer contact and shipping address checks for a market."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crosslive.errors import InvalidInput
from crosslive.mail.addresses import one_address
from crosslive.markets.models import Market
from crosslive.orders.schemas import CheckoutIn

# Countries whose addresses have no postal code.
NO_POSTAL_CODE = frozenset({"AE", "AG", "BS", "HK", "MO", "QA", "JM", "FJ", "GH", "TT"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class ShippingAddress:
    email: str
    name: str
    line1: str
    line2: str
    city: str
    region: str
    postal_code: str
    country: str


def _clean(value: str) -> str:
    """Trim and drop control characters (a newline in a name must not reach email headers)."""
    return _CONTROL.sub(" ", value).strip()


def validate(data: CheckoutIn, market: Market) -> ShippingAddress:
    email = one_address(_clean(data.email))
    address = data.address
    country = _clean(address.country).upper()
    allowed = sorted(c.upper() for c in market.countries)
    if country not in allowed:
        where = ", ".join(allowed) or "no country yet"
        raise InvalidInput(f"{market.name} ships to {where}; {country or 'no country'} given")
    fields = {
        "name": _clean(data.name),
        "line1": _clean(address.line1),
        "city": _clean(address.city),
        "postal_code": _clean(address.postal_code).upper(),
    }
    missing = [k for k, v in fields.items() if not v]
    if country in NO_POSTAL_CODE and "postal_code" in missing:
        missing.remove("postal_code")
    if missing:
        raise InvalidInput(f"fill in: {', '.join(m.replace('_', ' ') for m in missing)}")
    return ShippingAddress(
        email=email,
        name=fields["name"],
        line1=fields["line1"],
        line2=_clean(address.line2),
        city=fields["city"],
        region=_clean(address.region),
        postal_code=fields["postal_code"],
        country=country,
    )
