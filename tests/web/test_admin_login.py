from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import login_form


def test_admin_redirects_to_login_when_logged_out(app_client: TestClient) -> None:
    response = app_client.get("/admin", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin"


def test_login_sets_an_httponly_cookie_and_opens_the_dashboard(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    response = app_client.post(
        "/admin/login",
        data=login_form(app_client, str(owner["email"]), next="/admin"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "crosslive_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    page = app_client.get("/admin")
    assert page.status_code == 200
    assert "Acme Outfitters" in page.text


def test_bad_login_shows_the_error_and_keeps_the_email_escaped(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    response = app_client.post(
        "/admin/login", data=login_form(app_client, "<b>x</b>@acme.test", password="nope")
    )
    assert response.status_code == 401
    assert "wrong email or password" in response.text
    assert "&lt;b&gt;x&lt;/b&gt;@acme.test" in response.text


def test_login_never_redirects_off_site(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    response = app_client.post(
        "/admin/login",
        data=login_form(app_client, str(owner["email"]), next="//evil.example/"),
        follow_redirects=False,
    )
    assert response.headers["location"] == "/admin"


def test_logout_needs_the_csrf_token(app_client: TestClient, owner: dict[str, str | int]) -> None:
    app_client.post("/admin/login", data=login_form(app_client, str(owner["email"])))
    refused = app_client.post("/admin/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert app_client.get("/admin", follow_redirects=False).status_code == 200
    page = app_client.get("/admin").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    done = app_client.post("/admin/logout", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    assert app_client.get("/admin", follow_redirects=False).status_code == 303


def test_api_writes_by_cookie_need_the_csrf_header(
    app_client: TestClient, owner: dict[str, str | int]
) -> None:
    app_client.post("/admin/login", data=login_form(app_client, str(owner["email"])))
    body = {"title": "Market Tote", "scheduled_at": "2030-01-01T10:00:00Z"}
    refused = app_client.post("/api/v1/shows", json=body)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "the form expired; reload the page and try again"}
    assert app_client.get("/api/v1/shows").json() == []  # reads need no token
    token = app_client.get("/admin").text.split('name="csrf_token" value="')[1].split('"')[0]
    accepted = app_client.post("/api/v1/shows", json=body, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201, accepted.text
    assert [s["title"] for s in app_client.get("/api/v1/shows").json()] == ["Market Tote"]
