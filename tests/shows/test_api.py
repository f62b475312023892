from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from crosslive.errors import NotAuthenticated
from crosslive.shows import service
from tests.factories import Store, login_headers

BASE = "/api/v1/shows"


def plan(client: TestClient, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {"title": "Summer Drop", "scheduled_at": "2030-05-01T14:00:00+02:00", **fields}
    response = client.post(BASE, json=body, headers=headers)
    assert response.status_code == 201, response.text
    shown: dict[str, Any] = response.json()
    return shown


def test_owner_plans_a_show_and_reads_it_back(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    p1, p2, _ = acme.product_ids
    created = plan(
        app_client,
        auth_headers,
        description="Linen in daylight",
        duration_minutes=45,
        language="de",
        market_codes=["EU"],
        sponsored=True,
        hosts={"lead_host_id": acme.host_id, "co_host_ids": [acme.cohost_id]},
        product_ids=[p2, p1],
    )
    fetched = app_client.get(f"{BASE}/summer-drop", headers=auth_headers).json()
    assert fetched == created
    assert {k: v for k, v in created.items() if k not in ("id", "created_at")} == {
        "slug": "summer-drop",
        "title": "Summer Drop",
        "description": "Linen in daylight",
        "scheduled_at": "2030-05-01T12:00:00Z",
        "duration_minutes": 45,
        "ends_at": "2030-05-01T12:45:00Z",
        "language": "de",
        "market_codes": ["EU"],
        "sponsored": True,
        "state": "scheduled",
        "started_at": None,
        "ended_at": None,
        "hosts": [
            {"user_id": acme.host_id, "name": "Hana Host", "role": "host", "is_lead": True},
            {"user_id": acme.cohost_id, "name": "Cole Cohost", "role": "host", "is_lead": False},
        ],
        "lineup": [
            {
                "product_id": p2,
                "position": 1,
                "title": "acme Silk Scarf",
                "handle": "acme-silk-scarf",
            },
            {
                "product_id": p1,
                "position": 2,
                "title": "acme Linen Shirt",
                "handle": "acme-linen-shirt",
            },
        ],
    }


def test_update_changes_only_what_is_sent(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    show = plan(app_client, auth_headers, language="ja", product_ids=[acme.product_ids[0]])
    response = app_client.patch(
        f"{BASE}/{show['id']}",
        json={"title": "Summer Drop II", "sponsored": True},
        headers=auth_headers,
    )
    assert response.status_code == 200, response.text
    after = response.json()
    assert (after["title"], after["sponsored"], after["slug"]) == (
        "Summer Drop II",
        True,
        "summer-drop",
    )
    assert (after["language"], [i["product_id"] for i in after["lineup"]]) == (
        "ja",
        [acme.product_ids[0]],
    )


def test_refused_input_changes_nothing(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store, globex: Store
) -> None:
    show = plan(app_client, auth_headers, product_ids=[acme.product_ids[0]])
    before = app_client.get(f"{BASE}/{show['id']}", headers=auth_headers).json()
    foreign = globex.product_ids[0]
    refused = [
        (
            "put",
            "/lineup",
            {"product_ids": [acme.product_ids[1], foreign]},
            422,
            f"product(s) {foreign} are not in your catalog",
        ),
        (
            "put",
            "/hosts",
            {"lead_host_id": acme.moderator_id},
            422,
            "Mia Moderator is a moderator; only hosts and owners can host a show",
        ),
        (
            "patch",
            "",
            {"title": "New", "market_codes": ["BR"], "product_ids": []},
            422,
            "unknown market code(s): BR; your markets are: EU, JP, US",
        ),
    ]
    for method, suffix, body, status, detail in refused:
        response = app_client.request(
            method.upper(), f"{BASE}/{show['id']}{suffix}", json=body, headers=auth_headers
        )
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    bad_time = app_client.patch(
        f"{BASE}/{show['id']}", json={"scheduled_at": "2030-05-01T12:00:00"}, headers=auth_headers
    )
    assert bad_time.status_code == 422
    blank = app_client.post(
        BASE, json={"title": "  ", "scheduled_at": "2030-05-01T12:00:00Z"}, headers=auth_headers
    )
    assert blank.status_code == 422
    assert "give the show a title" in blank.text
    assert app_client.get(f"{BASE}/{show['id']}", headers=auth_headers).json() == before
    assert len(app_client.get(BASE, headers=auth_headers).json()) == 1


def test_only_owners_plan_shows(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    show = plan(app_client, auth_headers, hosts={"lead_host_id": acme.host_id})
    host = login_headers(app_client, "host@acme.test")
    denied = "this needs the owner role; you are host"
    attempts = [
        ("POST", BASE, {"title": "Mine", "scheduled_at": "2030-05-01T12:00:00Z"}),
        ("PATCH", f"{BASE}/{show['id']}", {"title": "Mine"}),
        ("PUT", f"{BASE}/{show['id']}/lineup", {"product_ids": []}),
        ("PUT", f"{BASE}/{show['id']}/hosts", {"lead_host_id": acme.host_id}),
        ("DELETE", f"{BASE}/{show['id']}", None),
    ]
    for method, url, body in attempts:
        response = app_client.request(method, url, json=body, headers=host)
        assert (response.status_code, response.json()) == (403, {"detail": denied}), url
    listed = app_client.get(BASE, headers=host).json()
    assert [(s["title"], s["state"]) for s in listed] == [("Summer Drop", "scheduled")]
    assert app_client.get(BASE).status_code == 401


def test_hosts_take_their_show_live_and_end_it(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    show = plan(app_client, auth_headers, hosts={"lead_host_id": acme.host_id})
    url = f"{BASE}/{show['id']}"
    for email in ("cohost@acme.test", "mod@acme.test"):
        outsider = login_headers(app_client, email)
        response = app_client.post(f"{url}/go-live", headers=outsider)
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "only the show's hosts or the store owner can do this"},
        )
    host = login_headers(app_client, "host@acme.test")
    assert app_client.post(f"{url}/end", headers=host).status_code == 409
    live = app_client.post(f"{url}/go-live", headers=host)
    assert (live.status_code, live.json()["state"]) == (200, "live")
    again = app_client.post(f"{url}/go-live", headers=host)
    assert (again.status_code, again.json()["started_at"]) == (200, live.json()["started_at"])
    deleted = app_client.delete(url, headers=auth_headers)
    assert deleted.json() == {"detail": "the show is live; only a scheduled show can be deleted"}
    ended = app_client.post(f"{url}/end", headers=host)
    assert (ended.status_code, ended.json()["state"]) == (200, "ended")
    assert app_client.post(f"{url}/end", headers=auth_headers).status_code == 200
    relive = app_client.post(f"{url}/go-live", headers=host)
    assert relive.status_code == 409
    assert app_client.get(url, headers=host).json()["state"] == "ended"


def test_list_filters_by_state(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    plan(app_client, auth_headers, title="Later", scheduled_at="2030-06-01T10:00:00Z")
    live = plan(app_client, auth_headers, title="Now")
    plan(app_client, auth_headers, title="Sooner", scheduled_at="2030-05-20T10:00:00Z")
    app_client.post(f"{BASE}/{live['id']}/go-live", headers=auth_headers)
    every = app_client.get(BASE, headers=auth_headers).json()
    assert [s["title"] for s in every] == ["Now", "Sooner", "Later"]
    scheduled = app_client.get(BASE, params={"state": "scheduled"}, headers=auth_headers).json()
    assert [s["title"] for s in scheduled] == ["Sooner", "Later"]
    assert app_client.get(BASE, params={"state": "paused"}, headers=auth_headers).status_code == 422


def test_other_stores_cannot_see_or_touch_a_show(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store, globex: Store
) -> None:
    show = plan(app_client, auth_headers, product_ids=[acme.product_ids[0]])
    before = app_client.get(f"{BASE}/{show['id']}", headers=auth_headers).json()
    other = login_headers(app_client, "owner@globex.test")
    assert app_client.get(BASE, headers=other).json() == []
    for method, suffix, body in [
        ("GET", "", None),
        ("PATCH", "", {"title": "Hijacked"}),
        ("PUT", "/lineup", {"product_ids": [globex.product_ids[0]]}),
        ("PUT", "/hosts", {"lead_host_id": globex.host_id}),
        ("POST", "/go-live", None),
        ("POST", "/publish-token", None),
        ("DELETE", "", None),
    ]:
        for ref in (show["id"], "summer-drop"):
            response = app_client.request(method, f"{BASE}/{ref}{suffix}", json=body, headers=other)
            assert (response.status_code, response.json()) == (
                404,
                {"detail": f"no show '{ref}' in your store"},
            ), (method, suffix)
    assert app_client.get(f"{BASE}/{show['id']}", headers=auth_headers).json() == before


def test_hosts_get_their_own_publish_token(
    app_client: TestClient,
    auth_headers: dict[str, str],
    acme: Store,
    session_factory: sessionmaker[Session],
) -> None:
    show = plan(app_client, auth_headers, hosts={"lead_host_id": acme.host_id})
    url = f"{BASE}/{show['id']}/publish-token"
    moderator = login_headers(app_client, "mod@acme.test")
    assert app_client.post(url, headers=moderator).status_code == 403
    host = login_headers(app_client, "host@acme.test")
    first = app_client.post(url, headers=host)
    assert first.status_code == 201
    body = first.json()
    assert {k: body[k] for k in ("show_id", "show_slug", "user_id")} == {
        "show_id": show["id"],
        "show_slug": "summer-drop",
        "user_id": acme.host_id,
    }
    second = app_client.post(url, headers=host).json()["token"]
    with session_factory() as db:
        assert service.user_for_publish_token(db, "summer-drop", second).id == acme.host_id
        with pytest.raises(NotAuthenticated):  # the second token revoked the first
            service.user_for_publish_token(db, "summer-drop", body["token"])


def test_ids_out_of_range_are_refused_cleanly(
    app_client: TestClient, auth_headers: dict[str, str], acme: Store
) -> None:
    show = plan(app_client, auth_headers)
    huge = 2**63
    lineup = app_client.put(
        f"{BASE}/{show['id']}/lineup", json={"product_ids": [huge]}, headers=auth_headers
    )
    assert lineup.status_code == 422
    hosts = app_client.put(
        f"{BASE}/{show['id']}/hosts", json={"lead_host_id": 0}, headers=auth_headers
    )
    assert hosts.status_code == 422
    assert app_client.get(f"{BASE}/{huge}", headers=auth_headers).status_code == 404
    assert app_client.get(f"{BASE}/{show['id']}", headers=auth_headers).json() == show


def test_the_shows_api_is_documented(app_client: TestClient) -> None:
    paths = app_client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/shows",
        "/api/v1/shows/{ref}",
        "/api/v1/shows/{ref}/lineup",
        "/api/v1/shows/{ref}/hosts",
        "/api/v1/shows/{ref}/go-live",
        "/api/v1/shows/{ref}/end",
        "/api/v1/shows/{ref}/publish-token",
    } <= set(paths)
    assert set(paths["/api/v1/shows/{ref}"]) == {"get", "patch", "delete"}
