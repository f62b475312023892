from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.shows import service
from crosslive.shows.models import Show, ShowState
from tests.factories import Store, page_login


def form(csrf: str, store: Store, **fields: Any) -> dict[str, Any]:
    p1, p2, _ = store.product_ids
    return {
        "csrf_token": csrf,
        "title": "Linen week",
        "description": "Shirts in daylight",
        "scheduled_local": "2030-05-01T14:00",
        "scheduled_at": "2030-05-01T12:00:00.000Z",
        "duration_minutes": "45",
        "language": "ja",
        "market_codes": ["JP", "US"],
        "sponsored": "1",
        "lead_host_id": str(store.host_id),
        "co_host_ids": [str(store.cohost_id)],
        "product_ids": [str(p2), str(p1)],
        **fields,
    }


def shows_of(factory: sessionmaker[Session], store: Store) -> list[Show]:
    with factory() as db:
        return service.list_shows(db, store.seller_id)


def test_owner_plans_a_show_from_the_form(
    app_client: TestClient, acme: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    new = app_client.get("/admin/shows/new")
    assert new.status_code == 200
    for code in acme.market_codes:
        assert f'name="market_codes" value="{code}"' in new.text
    assert "acme Wool Coat" in new.text and "Mia Moderator" not in new.text
    response = app_client.post("/admin/shows/new", data=form(csrf, acme), follow_redirects=False)
    assert response.status_code == 303, response.text
    [show] = shows_of(session_factory, acme)
    assert response.headers["location"] == f"/admin/shows?done=created#show-{show.id}"
    assert (show.title, show.scheduled_at.isoformat(), show.duration_minutes) == (
        "Linen week",
        "2030-05-01T12:00:00+00:00",
        45,
    )
    assert (show.language, show.market_codes, show.sponsored) == ("ja", ["JP", "US"], True)
    assert [i.product_id for i in show.lineup] == [acme.product_ids[1], acme.product_ids[0]]
    assert sorted((h.user_id, h.is_lead) for h in show.hosts) == sorted(
        [(acme.host_id, True), (acme.cohost_id, False)]
    )
    listing = app_client.get("/admin/shows?done=created").text
    assert "Show created." in listing
    assert '<span class="badge state-scheduled">scheduled</span>' in listing
    assert (
        '<time class="local" datetime="2030-05-01T12:00:00+00:00">2030-05-01 12:00 UTC</time>'
        in listing
    )
    assert "2 products" in listing and "Hana Host (lead), Cole Cohost" in listing


def test_a_refused_form_keeps_what_was_typed_and_saves_nothing(
    app_client: TestClient, acme: Store, globex: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    foreign = globex.product_ids[0]
    data = form(
        csrf, acme, title="<b>Bold</b> week", product_ids=[str(acme.product_ids[0]), str(foreign)]
    )
    response = app_client.post("/admin/shows/new", data=data)
    assert response.status_code == 422
    assert f"product(s) {foreign} are not in your catalog" in response.text
    assert 'value="&lt;b&gt;Bold&lt;/b&gt; week"' in response.text
    assert "Shirts in daylight</textarea>" in response.text
    assert 'value="2030-05-01T14:00"' in response.text
    assert 'name="market_codes" value="JP" checked' in response.text
    assert f'name="product_ids" value="{acme.product_ids[0]}"' in response.text
    assert shows_of(session_factory, acme) == []

    bad_time = app_client.post("/admin/shows/new", data=form(csrf, acme, scheduled_at=""))
    assert bad_time.status_code == 422
    assert "Scheduled time: pick a date and time" in bad_time.text
    short = app_client.post("/admin/shows/new", data=form(csrf, acme, duration_minutes="1"))
    assert "Duration: Input should be greater than or equal to 5" in short.text
    assert shows_of(session_factory, acme) == []


def test_owner_edits_a_show_and_a_refused_edit_changes_nothing(
    app_client: TestClient, acme: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    app_client.post("/admin/shows/new", data=form(csrf, acme))
    [show] = shows_of(session_factory, acme)
    edit = app_client.get(f"/admin/shows/{show.id}")
    assert 'id="scheduled_at" name="scheduled_at" value="2030-05-01T12:00:00Z"' in edit.text
    assert f'<option value="{acme.host_id}" selected>Hana Host (host)</option>' in edit.text
    p1, p2, p3 = acme.product_ids
    changed = form(
        csrf,
        acme,
        title="Linen week II",
        sponsored="",
        market_codes=["EU"],
        co_host_ids=[],
        product_ids=[str(p3), str(p1), str(p2)],
    )
    saved = app_client.post(f"/admin/shows/{show.id}", data=changed, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/admin/shows/{show.id}?done=saved",
    )
    [after] = shows_of(session_factory, acme)
    assert (after.title, after.slug, after.sponsored, after.market_codes) == (
        "Linen week II",
        "linen-week",
        False,
        ["EU"],
    )
    assert [i.product_id for i in after.lineup] == [p3, p1, p2]
    assert [(h.user_id, h.is_lead) for h in after.hosts] == [(acme.host_id, True)]

    refused = form(csrf, acme, title="Changed", lead_host_id=str(acme.moderator_id))
    response = app_client.post(f"/admin/shows/{show.id}", data=refused)
    assert response.status_code == 422
    assert "Mia Moderator is a moderator; only hosts and owners can host a show" in response.text
    assert 'value="Changed"' in response.text
    [again] = shows_of(session_factory, acme)
    assert (again.title, [i.product_id for i in again.lineup]) == ("Linen week II", [p3, p1, p2])


def test_hosts_cannot_plan_but_take_their_show_live(
    app_client: TestClient, acme: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    app_client.post("/admin/shows/new", data=form(csrf, acme))
    [show] = shows_of(session_factory, acme)
    app_client.cookies.clear()
    csrf = page_login(app_client, "host@acme.test")
    denied = app_client.get("/admin/shows/new")
    assert denied.status_code == 403
    assert "only the store owner can plan shows; you are host" in denied.text
    refused = app_client.post(f"/admin/shows/{show.id}", data=form(csrf, acme, title="Mine"))
    assert refused.status_code == 403
    assert app_client.post("/admin/shows/new", data=form(csrf, acme)).status_code == 403
    view = app_client.get(f"/admin/shows/{show.id}")
    assert '<fieldset class="plain" disabled>' in view.text and "Go live" in view.text
    live = app_client.post(f"/admin/shows/{show.id}/go-live", data={"csrf_token": csrf})
    assert live.status_code == 200 and "The show is live." in live.text
    assert "End show" in live.text
    forged = app_client.post(f"/admin/shows/{show.id}/end", data={"csrf_token": "forged"})
    assert forged.status_code == 403
    [after] = shows_of(session_factory, acme)
    assert (after.title, after.state) == ("Linen week", ShowState.LIVE)


def test_delete_only_while_scheduled_and_other_stores_get_nothing(
    app_client: TestClient, acme: Store, globex: Store, session_factory: sessionmaker[Session]
) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    app_client.post("/admin/shows/new", data=form(csrf, acme, title="First"))
    app_client.post("/admin/shows/new", data=form(csrf, acme, title="Second"))
    second, first = sorted(shows_of(session_factory, acme), key=lambda s: s.title, reverse=True)
    app_client.post(f"/admin/shows/{first.id}/go-live", data={"csrf_token": csrf})
    kept = app_client.post(f"/admin/shows/{first.id}/delete", data={"csrf_token": csrf})
    assert kept.status_code == 409 and "only a scheduled show can be deleted" in kept.text

    app_client.cookies.clear()
    other_csrf = page_login(app_client, "owner@globex.test")
    assert "First" not in app_client.get("/admin/shows").text
    missing = app_client.get(f"/admin/shows/{first.id}")
    assert missing.status_code == 404
    assert f"no show &#39;{first.id}&#39; in your store" in missing.text
    hijack = app_client.post(f"/admin/shows/{second.id}/delete", data={"csrf_token": other_csrf})
    assert hijack.status_code == 404
    assert len(shows_of(session_factory, acme)) == 2

    app_client.cookies.clear()
    csrf = page_login(app_client, "owner@acme.test")
    gone = app_client.post(f"/admin/shows/{second.id}/delete", data={"csrf_token": csrf})
    assert "Show deleted." in gone.text
    assert [s.title for s in shows_of(session_factory, acme)] == ["First"]
    with session_factory() as db:
        assert db.scalar(select(func.count()).select_from(Show)) == 1


def test_list_filters_by_state_and_escapes_titles(app_client: TestClient, acme: Store) -> None:
    csrf = page_login(app_client, "owner@acme.test")
    app_client.post("/admin/shows/new", data=form(csrf, acme, title="<script>x()</script>"))
    listing = app_client.get("/admin/shows").text
    assert "&lt;script&gt;x()&lt;/script&gt;" in listing and "<script>x()" not in listing
    assert "No live shows yet." in app_client.get("/admin/shows?state=live").text
