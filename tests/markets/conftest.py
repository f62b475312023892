"""Fixtures for markets tests: a second store, a host in the first, API logins."""

from tests.store_fixtures import host_headers as host_headers
from tests.store_fixtures import other_headers as other_headers
from tests.store_fixtures import other_owner as other_owner
