"""One rule for who runs a show (shows.service.can_host), wherever a host acts: a host whose
role the owner changes, or whom the owner takes off the show, is refused at once by the
console, pins, going live, publish tokens and WHIP; the shows API's go-live tells viewers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosslive.auth.models import Role, StaffUser
from crosslive.live.models import ShowPin
from crosslive.shows.models import Show, ShowHost, ShowState
from tests.chat.factories import Room, bearer
from tests.factories import page_login

WHIP_OFFER = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"


def _user_id(db: Session, email: str) -> int:
    user_id = db.scalar(select(StaffUser.id).where(StaffUser.email == email))
    assert user_id is not None
    return user_id


def _pin(client: TestClient, room: Room, headers: dict[str, str]) -> Any:
    return client.post(
        f"/api/v1/host/{room.slug}/pins", json={"product_id": room.product_id}, headers=headers
    )


def _whip(client: TestClient, room: Room, token: str) -> Any:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/sdp"}
    return client.post(f"/whip/{room.slug}", content=WHIP_OFFER, headers=headers)


def _console(client: TestClient, room: Room, email: str) -> str:
    client.cookies.clear()
    page_login(client, email)
    page = client.get(f"/host/{room.slug}")
    client.cookies.clear()
    assert page.status_code == 200
    return page.text


@pytest.mark.parametrize("how", ["made moderator", "taken off the show"])
def test_a_host_the_owner_demotes_or_removes_is_refused_everywhere_a_host_acts(
    app_client: TestClient, room: Room, auth_headers: dict[str, str], db: Session, how: str
) -> None:
    host = bearer(app_client, room.host_email)
    token = app_client.post(f"/api/v1/shows/{room.slug}/publish-token", headers=host)
    assert token.status_code == 201
    publish_token = token.json()["token"]
    # Before: every check lets the host through (WHIP gets as far as the media server,
    # which this app runs without: 503).
    assert 'data-can-host="yes"' in _console(app_client, room, room.host_email)
    assert _whip(app_client, room, publish_token).status_code == 503
    assert _pin(app_client, room, host).status_code == 201
    app_client.delete(f"/api/v1/host/{room.slug}/pins/{room.product_id}", headers=host)

    host_id = _user_id(db, room.host_email)
    if how == "made moderator":
        changed = app_client.patch(
            f"/api/v1/staff/{host_id}", json={"role": "moderator"}, headers=auth_headers
        )
        assert changed.status_code == 200 and changed.json()["role"] == "moderator"
    else:
        removed = app_client.delete(
            f"/api/v1/shows/{room.slug}/hosts/{host_id}", headers=auth_headers
        )
        assert removed.status_code == 200, removed.text
        assert removed.json()["hosts"] == []

    refused = "only the show's hosts or the store owner can do this"
    assert _pin(app_client, room, host).json() == {"detail": refused}
    assert app_client.post(f"/api/v1/host/{room.slug}/go-live", headers=host).status_code == 403
    assert app_client.post(f"/api/v1/shows/{room.slug}/go-live", headers=host).status_code == 403
    new_token = app_client.post(f"/api/v1/shows/{room.slug}/publish-token", headers=host)
    assert new_token.status_code == 403
    assert _whip(app_client, room, publish_token).status_code == 401
    console_url = f"/host/{room.slug}"
    if how == "made moderator":  # a moderator still opens the console, without host controls
        assert 'data-can-host=""' in _console(app_client, room, room.host_email)
    else:  # a host of another show is neither host nor moderator here
        app_client.cookies.clear()
        page_login(app_client, room.host_email)
        assert app_client.get(console_url).status_code == 403
        app_client.cookies.clear()
    db.expire_all()
    assert db.scalars(select(ShowPin).where(ShowPin.show_id == room.show_id)).all() == []
    assert db.get(Show, room.show_id).state == ShowState.SCHEDULED  # type: ignore[union-attr]


def test_going_live_through_the_shows_api_tells_viewers_too(
    app_client: TestClient, room: Room
) -> None:
    host = bearer(app_client, room.host_email)
    with app_client.websocket_connect(f"/live/{room.slug}/ws") as ws:
        live = app_client.post(f"/api/v1/shows/{room.show_id}/go-live", headers=host)
        assert live.status_code == 200 and live.json()["state"] == "live"
        assert ws.receive_json()["data"] == {"state": "live"}
        ended = app_client.post(f"/api/v1/shows/{room.slug}/end", headers=host)
        assert ended.status_code == 200 and ended.json()["state"] == "ended"
        assert ws.receive_json()["data"] == {"state": "ended"}


def test_owners_list_staff_and_change_roles_but_keep_one_owner(
    app_client: TestClient, room: Room, auth_headers: dict[str, str], db: Session
) -> None:
    staff = app_client.get("/api/v1/staff", headers=auth_headers).json()
    assert [(s["name"], s["role"]) for s in staff] == [
        ("Hana Host", "host"),
        ("Moe Moderator", "moderator"),
        ("Not This Show", "host"),
        ("Olive", "owner"),
    ]
    olive = next(s["id"] for s in staff if s["name"] == "Olive")
    last = app_client.patch(f"/api/v1/staff/{olive}", json={"role": "host"}, headers=auth_headers)
    assert last.status_code == 409
    assert last.json()["detail"].startswith("a store keeps at least one owner")
    host = bearer(app_client, room.host_email)
    assert app_client.get("/api/v1/staff", headers=host).status_code == 403
    moe = next(s["id"] for s in staff if s["name"] == "Moe Moderator")
    by_host = app_client.patch(f"/api/v1/staff/{moe}", json={"role": "owner"}, headers=host)
    assert by_host.status_code == 403
    unknown = app_client.patch("/api/v1/staff/99999", json={"role": "host"}, headers=auth_headers)
    assert unknown.status_code == 404
    bad = app_client.patch(f"/api/v1/staff/{moe}", json={"role": "admin"}, headers=auth_headers)
    assert bad.status_code == 422
    db.expire_all()
    roles = {u.name: u.role for u in db.scalars(select(StaffUser))}
    assert roles["Olive"] == Role.OWNER and roles["Moe Moderator"] == Role.MODERATOR


def test_removing_hosts_keeps_a_lead_while_co_hosts_remain(
    app_client: TestClient, room: Room, auth_headers: dict[str, str], db: Session
) -> None:
    lead = _user_id(db, room.host_email)
    co_host = _user_id(db, room.other_host_email)
    hosts = {"lead_host_id": lead, "co_host_ids": [co_host]}
    url = f"/api/v1/shows/{room.slug}/hosts"
    assert app_client.put(url, json=hosts, headers=auth_headers).status_code == 200

    lead_first = app_client.delete(f"{url}/{lead}", headers=auth_headers)
    assert lead_first.status_code == 409
    assert app_client.delete(f"{url}/{co_host}", headers=auth_headers).status_code == 200
    again = app_client.delete(f"{url}/{co_host}", headers=auth_headers)
    assert again.status_code == 404
    db.expire_all()
    rows = db.scalars(select(ShowHost).where(ShowHost.show_id == room.show_id)).all()
    assert [(h.user_id, h.is_lead) for h in rows] == [(lead, True)]


def test_the_owner_changes_a_role_from_the_staff_page(
    app_client: TestClient, room: Room, owner: dict[str, str | int], db: Session
) -> None:
    host_id = _user_id(db, room.host_email)
    csrf = page_login(app_client, str(owner["email"]))
    page = app_client.get("/admin/staff")
    assert page.status_code == 200 and "Hana Host" in page.text
    forged = app_client.post(
        f"/admin/staff/{host_id}/role", data={"role": "moderator", "csrf_token": "nope"}
    )
    assert forged.status_code == 403
    changed = app_client.post(
        f"/admin/staff/{host_id}/role",
        data={"role": "moderator", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/admin/staff?done=role"
    olive = _user_id(db, str(owner["email"]))
    last_owner = app_client.post(
        f"/admin/staff/{olive}/role", data={"role": "host", "csrf_token": csrf}
    )
    assert last_owner.status_code == 409
    assert "a store keeps at least one owner" in last_owner.text
    db.expire_all()
    assert db.get(StaffUser, host_id).role == Role.MODERATOR  # type: ignore[union-attr]
    assert db.get(StaffUser, olive).role == Role.OWNER  # type: ignore[union-attr]
    app_client.cookies.clear()
    page_login(app_client, room.moderator_email)
    assert app_client.get("/admin/staff").status_code == 403
