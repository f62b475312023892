"""Market codes other domains check against (show targets): within one store, sorted."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from crosslive.auth import service as auth_service
from crosslive.errors import InvalidInput
from crosslive.markets import service


def test_market_codes_are_the_stores_own_sorted(db: Session) -> None:
    acme = auth_service.create_seller(db, slug="acme", name="Acme")
    globex = auth_service.create_seller(db, slug="globex", name="Globex")
    for code in ("UK", "JP", "EU"):
        service.add_preset(db, acme.id, code)
    service.add_preset(db, globex.id, "US")

    assert service.market_codes(db, acme.id) == ["EU", "JP", "UK"]
    assert service.market_codes(db, globex.id) == ["US"]


def test_market_codes_named_elsewhere_are_cleaned_or_refused() -> None:
    assert service.clean_market_codes([" us", "EU", "", "us", "jp "]) == ["US", "EU", "JP"]
    with pytest.raises(InvalidInput, match=r"^not a market code: U S, X \(use e.g. US, EU, JP\)$"):
        service.clean_market_codes(["US", "u s", "x"])
