"""Local support per market: hours set in the store's time zone, converted to a viewer's
(across a date line and daylight saving), validated, set by owners in the admin."""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive import i18n
from crosslive.db import transaction
from crosslive.errors import InvalidInput
from crosslive.live import service as live_service
from crosslive.markets import service
from crosslive.markets.models import Market
from crosslive.shows.models import Show
from tests.chat.factories import Room
from tests.factories import add_staff, page_login


def _market(**support: object) -> Market:
    market = Market(code="US", name="US", currency="USD")
    service.set_support(
        market,
        **{  # type: ignore[arg-type]
            "timezone": "Asia/Shanghai",
            "opens": "09:00",
            "closes": "18:00",
            "weekdays": [0, 1, 2, 3, 4],
            "response_hours": 12,
            **support,
        },
    )
    return market


def _clock(found: list[tuple[datetime, datetime]]) -> list[str]:
    return [f"{a:%a %H:%M}-{b:%a %H:%M}" for a, b in found]


def test_shanghai_hours_land_on_the_previous_evening_in_new_york() -> None:
    # Monday 7 December 2026: Shanghai is UTC+8, New York UTC-5 (13 hours apart).
    found = service.windows_in(_market(), "America/New_York", date(2026, 12, 7), days=7)
    assert _clock(found) == [
        "Sun 20:00-Mon 05:00",
        "Mon 20:00-Tue 05:00",
        "Tue 20:00-Wed 05:00",
        "Wed 20:00-Thu 05:00",
        "Thu 20:00-Fri 05:00",
    ]
    assert str(found[0][0].tzinfo) == "America/New_York"


def test_daylight_saving_moves_the_hours_only_where_it_changes() -> None:
    # Berlin changes on 29 March 2026, Los Angeles on 8 March: 8 hours apart, then 9, then 8.
    berlin = _market(timezone="Europe/Berlin", weekdays=[0])
    mondays = [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 30)]
    found = [service.windows_in(berlin, "America/Los_Angeles", d, days=1)[0] for d in mondays]
    assert [f"{a:%H:%M}-{b:%H:%M}" for a, b in found] == [
        "00:00-09:00",
        "01:00-10:00",
        "00:00-09:00",
    ]


def test_terms_state_the_coming_weeks_windows_in_utc() -> None:
    terms = service.support_terms(
        _market(weekdays=[4]), datetime.fromisoformat("2026-12-04T00:00Z")
    )
    assert terms is not None
    assert (terms.timezone, terms.response_hours) == ("Asia/Shanghai", 12)
    assert terms.windows == [("2026-12-04T01:00:00Z", "2026-12-04T10:00:00Z")]
    assert service.support_terms(Market(code="EU", support_timezone=""), datetime.now()) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone Mars/Olympus"),
        ({"opens": "18:00", "closes": "09:00"}, "must close after it opens"),
        ({"opens": "9am"}, "must be a time such as 09:00"),
        ({"weekdays": []}, "choose the weekdays"),
        ({"weekdays": [7]}, "choose the weekdays"),
        ({"response_hours": 0}, "1 to 336 hours"),
    ],
)
def test_bad_support_settings_are_refused_and_change_nothing(
    change: dict[str, object], message: str
) -> None:
    market = _market()
    with pytest.raises(InvalidInput, match=message):
        service.set_support(
            market,
            **{  # type: ignore[arg-type]
                "timezone": "Asia/Tokyo",
                "opens": "10:00",
                "closes": "19:00",
                "weekdays": [5],
                "response_hours": 4,
                **change,
            },
        )
    assert (market.support_timezone, market.support_opens, market.support_weekdays) == (
        "Asia/Shanghai",
        "09:00",
        [0, 1, 2, 3, 4],
    )
    assert market.support_response_hours == 12


def test_owner_sets_support_in_the_admin_and_a_host_cannot(
    app_client: TestClient,
    db: Session,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    seller_id = int(owner["seller_id"])
    market = service.add_preset(db, seller_id, "JP")
    db.commit()
    form = {
        "support_timezone": "Asia/Tokyo",
        "support_opens": "10:00",
        "support_closes": "19:00",
        "support_weekdays": ["0", "5"],
        "support_response_hours": "8",
    }
    add_staff(session_factory, seller_id, "host@acme.test")
    csrf = page_login(app_client, "host@acme.test")
    refused = app_client.post(
        f"/admin/markets/{market.id}/support", data={**form, "csrf_token": csrf}
    )
    assert refused.status_code == 403
    app_client.cookies.clear()
    csrf = page_login(app_client, str(owner["email"]))
    bad = {**form, "support_timezone": "Nowhere/Town", "csrf_token": csrf}
    answer = app_client.post(f"/admin/markets/{market.id}/support", data=bad)
    assert answer.status_code == 422 and "Nowhere/Town" in answer.text
    answer = app_client.post(
        f"/admin/markets/{market.id}/support", data={**form, "csrf_token": csrf}
    )
    assert (answer.status_code, answer.url.path) == (200, f"/admin/markets/{market.id}")
    db.expire_all()
    stored = db.get(Market, market.id)
    assert stored is not None
    assert (stored.support_timezone, stored.support_opens, stored.support_closes) == (
        "Asia/Tokyo",
        "10:00",
        "19:00",
    )
    assert (stored.support_weekdays, stored.support_response_hours) == ([0, 5], 8)


def _us_support(session_factory: sessionmaker[Session], room: Room) -> None:
    """The room's product pinned, and local support set for the US market."""
    with transaction(session_factory) as db:
        show = db.get(Show, room.show_id)
        assert show is not None
        live_service.pin(db, show, room.product_id)
        us = db.scalar(
            select(Market).where(Market.seller_id == room.seller_id, Market.code == "US")
        )
        assert us is not None
        service.set_support(
            us,
            timezone="America/Los_Angeles",
            opens="08:00",
            closes="17:00",
            weekdays=[0, 1, 2, 3, 4, 5, 6],
            response_hours=6,
        )


def test_the_live_sheet_states_local_support_for_the_viewers_market(
    app_client: TestClient, session_factory: sessionmaker[Session], room: Room
) -> None:
    _us_support(session_factory, room)
    html = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US").text
    assert 'data-timezone="America/Los_Angeles"' in html
    # The zone is named in the viewer's language, not by its IANA id.
    assert 'data-zone-name="Pacific Time"' in html
    assert "08:00\u201317:00 (Pacific Time)" in html
    assert "(America/Los_Angeles)" not in html
    assert "We answer within 6 h" in html
    windows = json.loads(html_lib.unescape(html.split('data-windows="')[1].split('"')[0]))
    assert len(windows) == 7 and windows[0][0].endswith(("15:00:00Z", "16:00:00Z"))
    chinese = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US&lang=zh-Hans")
    assert "08:00\u201317:00 (北美太平洋时间)" in chinese.text
    assert 'data-zone-name="北美太平洋时间"' in chinese.text


@pytest.mark.parametrize(
    ("lang", "joined"),
    [
        ("en", "; your time:"),
        ("ja", "、あなたの時刻："),
        ("zh-Hans", "\uff1b您的时间："),  # a full-width ;
        ("ar", "؛ بتوقيتك:"),
    ],
)
def test_the_viewers_own_hours_join_the_stores_with_the_languages_punctuation(
    app_client: TestClient,
    session_factory: sessionmaker[Session],
    room: Room,
    lang: str,
    joined: str,
) -> None:
    _us_support(session_factory, room)
    html = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US&lang={lang}")
    support = html.text.split('<p class="support"')[1].split("</p>")[0]
    local = support.split('<span class="support-local" hidden>')[1].split("<span")[0]
    assert local.strip() == joined
    if lang != "en":
        assert "; " not in support


@pytest.mark.parametrize("lang", i18n.SUPPORTED)
def test_each_support_sentence_ends_with_one_full_stop(
    app_client: TestClient, session_factory: sessionmaker[Session], room: Room, lang: str
) -> None:
    _us_support(session_factory, room)
    html = app_client.get(f"/live/{room.slug}/cards/{room.product_id}?country=US&lang={lang}")
    support = html.text.split('<p class="support"')[1].split("</p>")[0]
    text = re.sub(r"<[^>]*>", "", html_lib.unescape(support))
    # The sheet adds the stop: a translation ending with an abbreviation's read "24 Std.."
    assert "6" in text and not re.search(r"[.。]\s*[.。]", text)


def test_a_time_zone_is_named_in_the_readers_language() -> None:
    assert i18n.zone_name("Asia/Shanghai", "en") == "China Time"
    assert i18n.zone_name("Asia/Shanghai", "zh-Hans") == "中国时间"
    assert i18n.zone_name("Asia/Shanghai", "fr") == "heure de la Chine"
    assert i18n.zone_name("Etc/UTC", "de") == "UTC"  # not CLDR's "unknown region"
    assert i18n.zone_name("Nowhere/Land", "ja") == "Nowhere/Land"
