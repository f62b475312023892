"""Tracking: carriers' tracking links, and where delivery news comes from.

A `TrackingProvider` is asked about the tracking numbers of shipped orders and answers with
`TrackingEvent`s (shipped, delivered, each with its time); `orders.tracking_import` applies
them. The built-in provider, `ManualTracking`, knows nothing by itself: the seller reports
events on the admin order page, through the API or as a CSV file. A carrier's or an
aggregator's API is plugged in by naming its class in CROSSLIVE_TRACKING_PROVIDER
("package.module:ClassName", constructed without arguments); docs/orders.md shows one.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable
from urllib.parse import quote, urlsplit

from crosslive.errors import InvalidInput

# Each carrier's public tracking page; {number} is the tracking number, URL-quoted.
CARRIER_LINKS = {
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id={number}",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr={number}",
    "ups": "https://www.ups.com/track?tracknum={number}",
    "usps": "https://tools.usps.com/go/TrackConfirmAction?tLabels={number}",
    "royal mail": "https://www.royalmail.com/track-your-item#/tracking-results/{number}",
    "sf express": "https://www.sf-express.com/we/ow/chn/en/waybill/waybill-detail/{number}",
    "yunexpress": "https://www.yuntrack.com/parcelTracking?id={number}",
}


class TrackingStatus(enum.StrEnum):
    SHIPPED = "shipped"
    DELIVERED = "delivered"


@dataclass(frozen=True)
class TrackingEvent:
    """What happened to a parcel: found by the order's reference or its tracking number."""

    status: TrackingStatus
    at: datetime
    order_reference: str = ""
    tracking_number: str = ""
    carrier: str = ""


@runtime_checkable
class TrackingProvider(Protocol):
    """Where delivery news comes from. `events` gets the tracking numbers of shipped orders
    and returns what it knows about them (nothing it does not know; any order of events).
    It is called outside any request; it owns its timeouts and retries."""

    name: str

    def events(self, tracking_numbers: Sequence[str]) -> list[TrackingEvent]: ...


class ManualTracking:
    """The built-in provider: the seller reports shipping and delivery by hand (admin page,
    API, CSV upload), so there is nothing to ask."""

    name = "manual"

    def events(self, tracking_numbers: Sequence[str]) -> list[TrackingEvent]:
        return []


def load_provider(spec: str) -> TrackingProvider:
    """The provider named by the setting: "manual", or "package.module:ClassName"."""
    if spec in ("", ManualTracking.name):
        return ManualTracking()
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise InvalidInput(f"tracking provider {spec!r}: write manual or package.module:Class")
    provider = getattr(importlib.import_module(module_name), class_name)()
    if not isinstance(provider, TrackingProvider):
        raise InvalidInput(f"tracking provider {spec!r} has no name or events()")
    return provider


def tracking_link(carrier: str, number: str, given: str = "") -> str:
    """GIVEN when the seller typed a link (it must be http(s)); else the carrier's page for
    NUMBER when the carrier is one crosslive knows; else empty."""
    given = given.strip()
    if given:
        parts = urlsplit(given)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidInput(f"tracking link {given!r} is not an http(s) address")
        if len(given) > 500:
            raise InvalidInput("a tracking link has at most 500 characters")
        return given
    template = CARRIER_LINKS.get(" ".join(carrier.lower().split()))
    if template is None or not number.strip():
        return ""
    return template.format(number=quote(number.strip(), safe=""))
