"""The seller's side speaks the seller's language: every admin page and the host console in
Simplified Chinese for a zh-CN browser or after the header's switcher chose it (remembered in
a cookie), English otherwise; independent of the viewer's language. The tests read the same
store and change only the client's cookie: they share one (tests/shared_store.py)."""

from __future__ import annotations

import json
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from crosslive import i18n
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.factories import login_form, page_login

pytestmark = pytest.mark.shared_store

CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}
# Each admin page, and a heading or label only it shows, in Chinese.
PAGES = {
    "/admin": "概览",
    "/admin/products": "新建商品",
    "/admin/products/new": "保存商品",
    "/admin/credentials": "添加资质",
    "/admin/markets": "从预设添加市场",
    "/admin/lanes": "线路成本与退货",
    "/admin/shows": "新建直播",
    "/admin/shows/new": "创建直播",
    "/admin/orders": "还没有订单。",
    "/admin/orders/tracking": "上传物流事件",
    "/admin/returns": "没有待处理的退货。",
    "/admin/insights": "数据分析",
    "/admin/staff": "员工",
    "/admin/account": "修改密码",
}


def _visible(html: str) -> str:
    return unescape(html)


@pytest.fixture
def owner_client(app_client: TestClient, room: Room, owner: dict[str, str | int]) -> TestClient:
    page_login(app_client, str(owner["email"]))
    return app_client


@pytest.mark.parametrize(("path", "words"), PAGES.items())
def test_every_admin_page_is_chinese_for_a_chinese_browser(
    owner_client: TestClient, path: str, words: str
) -> None:
    page = owner_client.get(path, headers=CHINESE)
    assert page.status_code == 200, page.text
    text = _visible(page.text)
    assert '<html lang="zh-Hans"' in text
    assert words in text and "退出登录" in text  # the page's own words and the header's
    assert "Log out" not in text
    english = _visible(owner_client.get(path, headers=ENGLISH).text)
    assert '<html lang="en"' in english and "Log out" in english and words not in english


def test_the_login_page_follows_the_browser_and_offers_the_switcher(
    app_client: TestClient,
) -> None:
    page = _visible(app_client.get("/admin/login", headers=CHINESE).text)
    assert "卖家后台" in page and "登录" in page and 'action="/admin/language"' in page
    assert "Seller admin" in _visible(app_client.get("/admin/login", headers=ENGLISH).text)


def test_the_switcher_is_remembered_and_beats_the_browser(owner_client: TestClient) -> None:
    switched = owner_client.post(
        "/admin/language",
        data={"lang": "zh-Hans", "next": "/admin/shows?state=live"},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    assert switched.headers["location"] == "/admin/shows?state=live"
    assert "crosslive_admin_lang=zh-Hans" in switched.headers["set-cookie"]
    # An English browser now reads Chinese, on every page, until switched back.
    assert "新建直播" in _visible(owner_client.get("/admin/shows", headers=ENGLISH).text)
    assert "修改密码" in _visible(owner_client.get("/admin/account", headers=ENGLISH).text)
    owner_client.post("/admin/language", data={"lang": "en", "next": "/admin"})
    back = _visible(owner_client.get("/admin/shows", headers=CHINESE).text)
    assert "New show" in back and "新建直播" not in back


def test_a_bad_switch_changes_nothing_and_never_leaves_the_site(
    owner_client: TestClient,
) -> None:
    for lang in ("de", "klingon", ""):
        answer = owner_client.post(
            "/admin/language", data={"lang": lang, "next": "//evil.test/x"}, follow_redirects=False
        )
        assert answer.status_code == 303 and answer.headers["location"] == "/admin"
        assert "set-cookie" not in answer.headers
    assert "Log out" in owner_client.get("/admin", headers=ENGLISH).text


def test_the_sellers_language_does_not_change_the_viewers(
    owner_client: TestClient, room: Room
) -> None:
    owner_client.post("/admin/language", data={"lang": "zh-Hans", "next": "/admin"})
    viewer = owner_client.get(f"/live/{room.slug}", headers={"Accept-Language": "de"})
    assert '<html lang="de"' in viewer.text
    # And the viewer's ?lang= does not move the admin.
    owner_client.get(f"/live/{room.slug}?lang=ja")
    assert '<html lang="zh-Hans"' in owner_client.get("/admin", headers=ENGLISH).text


def test_notices_and_errors_reach_the_seller_in_chinese(owner_client: TestClient) -> None:
    deleted = _visible(owner_client.get("/admin/products?notice=deleted", headers=CHINESE).text)
    assert "商品已删除。" in deleted
    page = owner_client.get("/admin/account", headers=CHINESE).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    refused = owner_client.post(
        "/admin/account/password",
        data={
            "csrf_token": token,
            "current_password": "wrong-but-unchecked",
            "new_password": "a brand new secret",
            "confirm_password": "another new secret",
        },
        headers=CHINESE,
    )
    assert refused.status_code == 422
    assert "两次输入的新密码不一致" in _visible(refused.text)


def test_dates_on_the_admin_are_written_by_babel_in_the_sellers_language(
    owner_client: TestClient, room: Room, db: Session
) -> None:
    show = db.get(Show, room.show_id)
    assert show is not None
    chinese = i18n.format_utc(show.scheduled_at, "zh-Hans")
    assert chinese != i18n.format_utc(show.scheduled_at, "en")
    assert chinese in _visible(owner_client.get("/admin/shows", headers=CHINESE).text)
    english = _visible(owner_client.get("/admin/shows", headers=ENGLISH).text)
    assert i18n.format_utc(show.scheduled_at, "en") in english


def test_the_host_console_is_chinese_with_its_script_strings(
    app_client: TestClient, room: Room
) -> None:
    app_client.post("/admin/login", data=login_form(app_client, room.host_email))
    console = app_client.get(f"/host/{room.slug}", headers=CHINESE)
    assert console.status_code == 200
    text = _visible(console.text)
    assert '<html lang="zh-Hans"' in text
    for words in ("开始直播", "提问", "回复所有人…", "嵌入到您的店铺", "置顶"):
        assert words in text
    strings = json.loads(text.split('data-strings="')[1].split('">')[0])
    answered = strings["Answered automatically (%(sources)s): %(answer)s"]
    assert answered.startswith("已自动回答") and "%(sources)s" in answered
    assert strings["Original"] == "原文" and strings["Translation"] == "译文"
    english = _visible(app_client.get(f"/host/{room.slug}", headers=ENGLISH).text)
    assert "Go live" in english and "开始直播" not in english


def test_errors_with_values_are_translated_values_and_all(
    owner_client: TestClient, app_client: TestClient, room: Room
) -> None:
    bad_day = owner_client.get("/admin/insights?report=returns&since=soon", headers=CHINESE)
    assert "开始日期必须是日期，格式如 2026-03-01" in _visible(bad_day.text)
    english = owner_client.get("/admin/insights?report=returns&since=soon", headers=ENGLISH)
    assert "the start date must be a date like 2026-03-01" in _visible(english.text)
    page_login(app_client, room.host_email)
    refused = app_client.get("/admin/staff", headers=CHINESE)
    assert refused.status_code == 403
    text = _visible(refused.text)
    assert "只有店主可以管理员工" in text and "您的角色是主播" in text


def test_the_markets_return_terms_are_in_the_sellers_language(owner_client: TestClient) -> None:
    """The markets list states each market's return terms in Chinese for a Chinese seller,
    as it already did its delivery promise."""
    chinese = _visible(owner_client.get("/admin/markets", headers=CHINESE).text)
    assert "天内可退" in chinese
    assert "Return within" not in chinese
    english = _visible(owner_client.get("/admin/markets", headers=ENGLISH).text)
    assert "Return within" in english and "天内可退" not in english
