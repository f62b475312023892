"""Local support per market, as the after-sales guarantee states it: the hours the store
answers (set in its own time zone), shown in the viewer's, and the response time it commits to.

The page knows the viewer's time zone, the server does not: each sheet carries the coming
week's support windows as UTC instants (`windows`), and the page writes them in the
browser's time zone; `windows_in` is the same conversion for any zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel

from crosslive.errors import InvalidInput
from crosslive.i18n import A_
from crosslive.markets.models import Market

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_RESPONSE_HOURS = 24 * 14


class SupportTerms(BaseModel):
    timezone: str
    opens: str
    closes: str
    weekdays: list[int]
    response_hours: int
    # The next 7 days' windows, [start, end] as ISO UTC instants.
    windows: list[tuple[str, str]]


def _clock(value: str, label: str) -> time:
    match = _HHMM.match(value.strip())
    if match is None:
        raise InvalidInput(A_("{label} must be a time such as 09:00"), label=label)
    return time(int(match[1]), int(match[2]))


def zone(name: str) -> ZoneInfo:
    if name not in available_timezones():
        raise InvalidInput(
            A_("unknown time zone {name}: use a name such as Asia/Shanghai"), name=name
        )
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(
            A_("unknown time zone {name}: use a name such as Asia/Shanghai"), name=name
        ) from exc


def set_support(
    market: Market,
    *,
    timezone: str,
    opens: str,
    closes: str,
    weekdays: list[int],
    response_hours: int,
) -> None:
    """Validate everything, then change MARKET (an empty time zone states no local support)."""
    name = timezone.strip()
    if name:
        zone(name)
        start, end = _clock(opens, A_("Support opens")), _clock(closes, A_("Support closes"))
        if end <= start:
            raise InvalidInput(A_("support must close after it opens (same day)"))
        days = sorted(set(weekdays))
        if not days or any(d not in range(7) for d in days):
            raise InvalidInput(A_("choose the weekdays support answers"))
        if not 1 <= response_hours <= MAX_RESPONSE_HOURS:
            raise InvalidInput(
                A_("the response time must be 1 to {most} hours"), most=MAX_RESPONSE_HOURS
            )
        market.support_opens, market.support_closes = opens.strip(), closes.strip()
        market.support_weekdays, market.support_response_hours = days, response_hours
    market.support_timezone = name


def windows_in(
    market: Market, viewer_tz: str, start: date, days: int = 7
) -> list[tuple[datetime, datetime]]:
    """Support's opening windows on the store's days START .. START+DAYS-1, as aware
    datetimes in VIEWER_TZ (a window can land on another day there, or across midnight)."""
    if not market.support_timezone:
        return []
    home, there = zone(market.support_timezone), zone(viewer_tz)
    opens = _clock(market.support_opens, "Support opens")
    closes = _clock(market.support_closes, "Support closes")
    found = []
    for n in range(days):
        day = start + timedelta(days=n)
        if day.weekday() not in market.support_weekdays:
            continue
        begin = datetime.combine(day, opens, tzinfo=home)
        end = datetime.combine(day, closes, tzinfo=home)
        found.append((begin.astimezone(there), end.astimezone(there)))
    return found


def support_terms(market: Market, now: datetime) -> SupportTerms | None:
    """What the sheet states (None: the store states no local support for MARKET)."""
    if not market.support_timezone:
        return None
    today = now.astimezone(zone(market.support_timezone)).date()
    windows = [
        (a.isoformat().replace("+00:00", "Z"), b.isoformat().replace("+00:00", "Z"))
        for a, b in windows_in(market, "UTC", today)
    ]
    return SupportTerms(
        timezone=market.support_timezone,
        opens=market.support_opens,
        closes=market.support_closes,
        weekdays=list(market.support_weekdays),
        response_hours=market.support_response_hours,
        windows=windows,
    )
