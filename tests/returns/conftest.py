from __future__ import annotations

import pytest

from crosslive.orders.links import OrderLinks
from crosslive.settings import Settings
from tests.returns.follow_up_helpers import buying as buying
from tests.store_fixtures import buyer as buyer
from tests.store_fixtures import host_headers as host_headers
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner
from tests.store_fixtures import shop as shop


@pytest.fixture
def links(settings: Settings) -> OrderLinks:
    """The app's signed order links (the buyer's order page and its returns)."""
    return OrderLinks.from_settings(settings)
