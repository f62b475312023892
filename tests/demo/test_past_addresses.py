"""The demo's past buyers live at addresses their country's post would accept: the same
checks a checkout makes (Google's address data), so the demo's orders read as real ones."""

from __future__ import annotations

from crosslive.demo import past_data
from crosslive.orders.address_checks import check


def test_every_past_buyers_address_passes_its_countrys_checks() -> None:
    refused = []
    for _given, _family, places in past_data.BUYERS.values():
        for city, region, postal_code, country in places:
            fields = {"name": "A", "line1": "1 Main St", "city": city, "region": region}
            checked = check(country, fields | {"postal_code": postal_code})
            if checked.missing or checked.wrong or checked.region != region:
                refused.append((country, city, checked.missing, sorted(checked.wrong)))
    assert refused == []
    assert sum(len(places) for _g, _f, places in past_data.BUYERS.values()) >= 10
