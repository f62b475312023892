"""Four app processes behind one address (and two of them behind another) agree: chat, pins,
the host's counters and the request limits are the same whichever process a client reaches.
"""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from websockets.sync.client import ClientConnection, connect

from crosslive.catalog.models import Variant
from crosslive.db import make_engine, make_session_factory
from crosslive.viewers import VIEWER_HEADER
from tests.chat.factories import Room
from tests.conftest import PASSWORD
from tests.factories import checkout_body, confirmed
from tests.processes.cluster import Cluster, RoundRobinProxy, unpinned_client
from tests.processes.conftest import PROCESSES, VIEWER_MESSAGES

pytestmark = pytest.mark.processes

Event = dict[str, Any]


@contextlib.contextmanager
def viewers(urls: list[str]) -> Iterator[list[ClientConnection]]:
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(connect(url, open_timeout=10)) for url in urls]


def next_event(ws: ClientConnection, wanted: Callable[[Event], bool]) -> Event:
    """The first event WANTED accepts (the backlog and heartbeats come first and are skipped)."""
    deadline = time.monotonic() + 15
    while True:
        event: Event = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if wanted(event):
            return event


def message_bodies(ws: ClientConnection, bodies: list[str]) -> list[str]:
    """The chat messages among BODIES, in the order this viewer received them."""
    got: list[str] = []
    while len(got) < len(bodies):
        event = next_event(ws, lambda e: e["kind"] == "message" and e["data"]["body"] in bodies)
        got.append(event["data"]["body"])
    return got


def join(client: httpx.Client, slug: str, name: str) -> dict[str, str]:
    response = client.post(f"/api/v1/live/{slug}/viewers", json={"name": name})
    assert response.status_code == 201, response.text
    return {VIEWER_HEADER: response.json()["token"]}


def host_headers(cluster: Cluster, room: Room) -> dict[str, str]:
    response = httpx.post(
        f"{cluster.proxy.base}/api/v1/auth/login",
        json={"email": room.host_email, "password": PASSWORD},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def post_message(base: str, slug: str, headers: dict[str, str], body: str) -> httpx.Response:
    return httpx.post(f"{base}/api/v1/live/{slug}/messages", json={"body": body}, headers=headers)


def test_chat_posted_to_any_process_reaches_the_viewers_of_all_four(
    cluster: Cluster, shared_room: Room
) -> None:
    slug = shared_room.slug
    with unpinned_client(cluster.proxy.base) as client:
        token = join(client, slug, "Ana")
    bodies = [f"hello from process {i} {uuid.uuid4().hex[:6]}" for i in range(PROCESSES)]
    urls = [cluster.ws(i, slug) for i in range(PROCESSES)] + [cluster.ws(None, slug)] * 2
    with viewers(urls) as sockets:
        for index, body in enumerate(bodies):
            response = post_message(cluster.base(index), slug, token, body)
            assert response.status_code == 201, response.text
        assert [message_bodies(ws, bodies) for ws in sockets] == [bodies] * len(urls)


def test_two_processes_behind_one_address_share_the_chat(
    cluster: Cluster, shared_room: Room
) -> None:
    slug = shared_room.slug
    with RoundRobinProxy(cluster.ports[:2]) as pair, unpinned_client(pair.base) as client:
        token = join(client, slug, "Ben")
        url = f"ws://127.0.0.1:{pair.port}/live/{slug}/ws"
        bodies = [f"pair message {n} {uuid.uuid4().hex[:6]}" for n in range(4)]
        with viewers([url, url]) as sockets:  # one viewer on each process
            for body in bodies:  # each post lands on the next process
                response = client.post(
                    f"/api/v1/live/{slug}/messages", json={"body": body}, headers=token
                )
                assert response.status_code == 201, response.text
            assert [message_bodies(ws, bodies) for ws in sockets] == [bodies, bodies]


def pinned_on_page(base: str, slug: str, product_id: int) -> bool:
    page = httpx.get(f"{base}/live/{slug}")
    assert page.status_code == 200
    return f'class="pin" data-product="{product_id}"' in page.text


def test_a_pin_made_on_one_process_shows_on_every_viewer_and_every_room_page(
    cluster: Cluster, shared_room: Room
) -> None:
    slug, product = shared_room.slug, shared_room.product_id
    bases = [cluster.base(i) for i in range(PROCESSES)]
    assert [pinned_on_page(base, slug, product) for base in bases] == [False] * PROCESSES
    headers = host_headers(cluster, shared_room)
    with viewers([cluster.ws(i, slug) for i in range(PROCESSES)]) as sockets:
        response = httpx.post(
            f"{bases[1]}/api/v1/host/{slug}/pins", json={"product_id": product}, headers=headers
        )
        assert response.status_code == 201, response.text
        pins = [next_event(ws, lambda e: e["kind"] == "pinned") for ws in sockets]
    assert [pin["data"] for pin in pins] == [{"product_id": product}] * PROCESSES
    assert [pinned_on_page(base, slug, product) for base in bases] == [True] * PROCESSES


def counters_everywhere(cluster: Cluster, slug: str, headers: dict[str, str]) -> list[Event]:
    return [
        httpx.get(f"{cluster.base(i)}/api/v1/host/{slug}/counters", headers=headers).json()
        for i in range(PROCESSES)
    ]


def counters_once_viewers_are(
    cluster: Cluster, slug: str, headers: dict[str, str], expected: int
) -> list[Event]:
    """Each process counts its own viewers now and the others' as they last reported them
    (every few seconds): wait for the reports, then read every process's counters."""
    deadline = time.monotonic() + 30
    while True:
        counters = counters_everywhere(cluster, slug, headers)
        if all(c["viewers"] == expected for c in counters) or time.monotonic() > deadline:
            return counters
        time.sleep(0.25)


def test_counters_agree_across_processes_and_add_up_their_viewers(
    cluster: Cluster, shared_room: Room
) -> None:
    slug, product = shared_room.slug, shared_room.second_product_id
    headers = host_headers(cluster, shared_room)
    pinned = httpx.post(
        f"{cluster.base(0)}/api/v1/host/{slug}/pins", json={"product_id": product}, headers=headers
    )
    assert pinned.status_code == 201, pinned.text  # pinning puts it on sale in the show
    variant_id = _variant_id(cluster, "linen-pants-M")
    with unpinned_client(cluster.proxy.base) as buyer:  # each request: the next process
        buyer.headers.update(join(buyer, slug, "Cleo"))
        for _ in range(3):
            added = buyer.post(
                f"/api/v1/shows/{slug}/cart/items",
                json={"market": "US", "variant_id": variant_id, "quantity": 1},
            )
            assert added.status_code == 200, added.text
        key = {"Idempotency-Key": f"procs-{uuid.uuid4().hex}"}
        url = f"/api/v1/shows/{slug}/checkout"
        body = confirmed(buyer, url, checkout_body())  # its challenge from any process
        first = buyer.post(url, json=body, headers=key)
        again = buyer.post(url, json=body, headers=key)
    assert first.status_code == 201, first.text
    assert again.json()["public_id"] == first.json()["public_id"]  # replayed elsewhere
    total = first.json()["total_minor"]
    urls = [cluster.ws(i, slug) for i in range(PROCESSES)] * 2
    with viewers(urls):
        counters = counters_once_viewers_are(cluster, slug, headers, len(urls))
    expected = {
        "viewers": 2 * PROCESSES,
        "nodes": [],  # live video is off here: no media nodes to list
        "add_to_carts": 3,
        "orders": 1,
        "revenue": [{"currency": "USD", "amount_minor": total, "display": first.json()["total"]}],
    }
    assert counters == [expected] * PROCESSES


def _variant_id(cluster: Cluster, sku: str) -> int:
    engine = make_engine(cluster.database_url)
    try:
        with make_session_factory(engine)() as db:
            variant_id = db.scalar(select(Variant.id).where(Variant.sku == sku))
    finally:
        engine.dispose()
    assert variant_id is not None
    return variant_id


def test_a_viewers_chat_limit_is_counted_once_across_all_processes(
    cluster: Cluster, shared_room: Room
) -> None:
    slug = shared_room.slug
    with unpinned_client(cluster.proxy.base) as client:
        token = join(client, slug, "Dora")
    tries = VIEWER_MESSAGES + 3
    answers = [
        post_message(cluster.base(n % PROCESSES), slug, token, f"limit {n}") for n in range(tries)
    ]
    statuses = [a.status_code for a in answers]
    # Counted per process, each would take 5 of these 8: together, 5 pass and 3 are refused.
    assert statuses == [201] * VIEWER_MESSAGES + [429] * 3
    assert all(int(a.headers["Retry-After"]) >= 1 for a in answers[VIEWER_MESSAGES:])
