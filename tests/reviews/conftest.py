from __future__ import annotations

from tests.returns.follow_up_helpers import buying as buying
from tests.store_fixtures import buyer as buyer
from tests.store_fixtures import host_headers as host_headers
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner
from tests.store_fixtures import shop as shop
