"""Property-based fuzzing of the admin's HTML forms, which the OpenAPI document does not list:
every form on the owner's pages is posted with generated values for each of its fields
(text, superscript digits, huge and negative numbers, NUL, markup, broken dates), with a
valid CSRF token, and none may answer 500."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.chat.factories import Room
from tests.factories import page_login
from tests.fuzz.conftest import OWNER

# Examples Hypothesis makes per form.
EXAMPLES = 25
PAGES = [
    "/admin/products/new",
    "/admin/products/{product_id}/edit",
    "/admin/shows/new",
    "/admin/shows/{show_id}",
    "/admin/credentials/new",
    "/admin/markets",
    "/admin/staff",
    "/admin/account",
]
NASTY = [
    "",
    "0",
    "-1",
    "²",
    "٣",
    "1e1000000",
    str(2**63),
    "9" * 40,
    "a\x00b",
    "<script>alert(1)</script>",
    "2030-13-45T99:99",
    "US,EU,,",
]
VALUES = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers().map(str))

pytestmark = pytest.mark.fuzz


class Forms(HTMLParser):
    """The POST forms of a page: (action, [field names]); file inputs left out."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._fields: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self._fields = []
            self.forms.append((found.get("action") or "", self._fields))
        elif self._fields is not None and tag in {"input", "select", "textarea"}:
            name = found.get("name")
            if name and name != "csrf_token" and found.get("type") != "file":
                self._fields.append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None


@pytest.fixture(scope="module")
def admin(fuzzed: TestClient) -> TestClient:
    page_login(fuzzed, OWNER)
    return fuzzed


def _forms(client: TestClient, room: Room) -> list[tuple[str, list[str]]]:
    forms = []
    for page in PAGES:
        url = page.format(product_id=room.product_id, show_id=room.show_id)
        response = client.get(url)
        assert response.status_code == 200, url
        parser = Forms()
        parser.feed(response.text)
        forms += [(action or url, fields) for action, fields in parser.forms if fields]
    return forms


def test_no_admin_form_answers_500_whatever_is_typed(admin: TestClient, fuzz_room: Room) -> None:
    forms = _forms(admin, fuzz_room)
    assert len(forms) >= 8  # the pages really offer their forms
    csrf = admin.get("/admin").text.split('name="csrf_token" value="')[1].split('"')[0]

    for action, fields in forms:
        if action.endswith("/logout") or "sign-out" in action:
            continue  # would end the session the fuzzing runs in
        _fuzz_form(admin, csrf, action, fields)


def _fuzz_form(admin: TestClient, csrf: str, action: str, fields: list[str]) -> None:
    @given(st.fixed_dictionaries({name: VALUES for name in dict.fromkeys(fields)}))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def post(values: dict[str, str]) -> None:
        response = admin.post(action, data={**values, "csrf_token": csrf}, follow_redirects=False)
        assert response.status_code != 500, f"{action} {values!r}: {response.text[:300]}"

    post()
