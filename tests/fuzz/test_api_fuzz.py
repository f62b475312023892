"""Property-based fuzzing of the whole JSON API (schemathesis reads the OpenAPI document and
Hypothesis makes the requests): no operation answers 500, whoever calls it. Each generated
request is sent once per role: anonymous, a viewer (an identity token), a host and the
store's owner (bearer tokens), against a store with markets, products, credentials and a
show, so valid ids are there to be found as well as invalid ones."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from crosslive.app import create_app
from crosslive.settings import Settings
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER, issue
from tests.chat.factories import Room, bearer
from tests.fuzz.conftest import OWNER

# Examples Hypothesis makes per operation (each is sent once per role below).
EXAMPLES = 12
ROLES = ("anonymous", "viewer", "host", "owner")

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def role_headers(fuzzed: TestClient, fuzz_room: Room) -> dict[str, dict[str, str]]:
    return {
        "anonymous": {},
        "viewer": {VIEWER_HEADER: issue("test-secret", "Kim")[1]},
        "host": bearer(fuzzed, fuzz_room.host_email),
        "owner": bearer(fuzzed, OWNER),
    }


def _openapi() -> dict[str, Any]:
    """The API's OpenAPI document, read from an app that is built and never started."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder), secret_key="fuzz"))
        document = app.openapi()
        state_of(app).engine.dispose()
        return document


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_operation_answers_500_for_any_role(
    case: schemathesis.Case, fuzzed: TestClient, role_headers: dict[str, dict[str, str]]
) -> None:
    base = str(fuzzed.base_url)
    for role in ROLES:
        # Sent through the test's own client: the app's lifespan is already running.
        request = case.as_transport_kwargs(base_url=base, headers=role_headers[role])
        if not request.get("cookies"):
            request.pop("cookies", None)
        if isinstance(request.get("data"), bytes | str):
            request["content"] = request.pop("data")
        response = fuzzed.request(**request)
        assert response.status_code != 500, (
            f"{role}: {case.method} {case.formatted_path} -> {response.status_code}\n"
            f"{case.as_curl_command()}\n{response.text[:500]}"
        )
