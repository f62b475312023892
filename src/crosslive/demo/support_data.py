"""The demo store's local support per market: answered from Hangzhou on weekdays, and by the
US returns desk for the US, so the sheets state the hours in each viewer's own time zone."""

from __future__ import annotations

from crosslive.markets import service as markets_service
from crosslive.markets.models import Market

# Market code -> (time zone, opens, closes, weekdays, response hours).
SUPPORT = {
    "US": ("America/Los_Angeles", "08:00", "17:00", [0, 1, 2, 3, 4], 12),
    "EU": ("Asia/Shanghai", "14:00", "23:00", [0, 1, 2, 3, 4], 24),
    "UK": ("Asia/Shanghai", "14:00", "23:00", [0, 1, 2, 3, 4], 24),
    "JP": ("Asia/Shanghai", "09:00", "18:00", [0, 1, 2, 3, 4, 5], 8),
    "KR": ("Asia/Shanghai", "09:00", "18:00", [0, 1, 2, 3, 4, 5], 8),
}


def seed_support(markets: list[Market]) -> None:
    for market in markets:
        found = SUPPORT.get(market.code)
        if found is None:
            continue
        zone, opens, closes, days, hours = found
        markets_service.set_support(
            market, timezone=zone, opens=opens, closes=closes, weekdays=days, response_hours=hours
        )
