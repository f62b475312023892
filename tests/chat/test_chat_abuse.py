"""Chat abuse: a chat join is bound to one show and expires, the rate limits are counted
first and atomically (per viewer and per address), and a mute holds against a rejoin from the
same address and browser under a new identity, without silencing the rest of that address."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crosslive import viewers
from crosslive.chat.models import ChatMessage, ChatMute
from crosslive.chat.moderation import ProfanityFilter
from crosslive.db import transaction, utcnow
from crosslive.settings import Settings
from crosslive.shows.models import Show
from crosslive.state import state_of
from crosslive.viewers import VIEWER_HEADER, read
from tests.chat.factories import Room, bearer

SECRET = "test-secret"
FIREFOX = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}
CHROME = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36"}


def _join(client: TestClient, slug: str, name: str, **headers: str) -> Any:
    return client.post(f"/api/v1/live/{slug}/viewers", json={"name": name}, headers=headers)


def _post(client: TestClient, slug: str, token: str, body: str, **headers: str) -> Any:
    return client.post(
        f"/api/v1/live/{slug}/messages",
        json={"body": body},
        headers={VIEWER_HEADER: token, **headers},
    )


def _messages(db: Session) -> int:
    return db.scalar(select(func.count(ChatMessage.id))) or 0


def _other_show(factory: sessionmaker[Session], room: Room) -> Show:
    with transaction(factory) as db:
        show = Show(
            seller_id=room.seller_id, slug="autumn-drop", title="Autumn", scheduled_at=utcnow()
        )
        db.add(show)
        db.flush()
        return show


# --- a chat join is bound to one show and expires -----------------------------------------


def test_a_join_carries_the_show_and_an_expiry_twelve_hours_ahead(
    app_client: TestClient, room: Room
) -> None:
    before = time.time()
    joined = _join(app_client, room.slug, "Kim")
    after = time.time()
    assert joined.status_code == 201, joined.text
    viewer = read(SECRET, joined.json()["token"])
    assert viewer.name == "Kim" and viewer.chat_show == room.show_id
    assert viewer.chat_until is not None
    assert int(before) + 12 * 3600 <= viewer.chat_until <= int(after) + 12 * 3600
    expires = datetime.fromisoformat(joined.json()["expires_at"])
    assert expires.timestamp() == viewer.chat_until


def test_a_join_for_another_show_or_an_expired_one_cannot_write(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session], db: Session
) -> None:
    other = _other_show(session_factory, room)
    elsewhere = _join(app_client, other.slug, "Kim").json()["token"]
    viewer = read(SECRET, elsewhere)
    _, expired = viewers.issue(
        SECRET, "Kim", viewer.id, chat_show=room.show_id, chat_until=int(time.time()) - 1
    )
    _, unbound = viewers.issue(SECRET, "Kim", viewer.id)  # a name without a join (old tokens)
    for token in (elsewhere, expired, unbound):
        refused = _post(app_client, room.slug, token, "hello")
        assert refused.status_code == 401
        assert refused.json() == {"detail": "join the chat again"}
    assert _messages(db) == 0
    # The identity itself lasts: the cart takes the expired token without issuing a new one.
    cart = app_client.get(
        f"/api/v1/shows/{room.slug}/cart?market=US", headers={VIEWER_HEADER: expired}
    )
    assert cart.status_code == 200 and VIEWER_HEADER not in cart.headers
    # Joining this show again gives the same identity the right to write here.
    rejoined = app_client.post(
        f"/api/v1/live/{room.slug}/viewers", json={"name": "Kim"}, headers={VIEWER_HEADER: expired}
    ).json()["token"]
    assert read(SECRET, rejoined).id == viewer.id
    assert _post(app_client, room.slug, rejoined, "hello").status_code == 201
    assert _messages(db) == 1


# --- the rate limits: first, atomic, per viewer and per address ---------------------------


def test_concurrent_posts_from_one_viewer_never_pass_the_limit(
    app_client: TestClient, room: Room, db: Session
) -> None:
    token = _join(app_client, room.slug, "Eve").json()["token"]

    def post(index: int) -> int:
        status: int = _post(app_client, room.slug, token, f"m{index}").status_code
        return status

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(post, range(40)))
    assert sorted(statuses) == [201] * 5 + [429] * 35
    assert _messages(db) == 5


class CountingFilter(ProfanityFilter):
    def __init__(self) -> None:
        super().__init__(["english"])
        self.calls = 0

    def clean(self, text: str) -> str:
        self.calls += 1
        return super().clean(text)


def test_the_rate_limit_is_checked_before_the_text_is_cleaned_or_filtered(
    app_client: TestClient, room: Room, db: Session
) -> None:
    counting = CountingFilter()
    state_of(app_client.app).provide(ProfanityFilter, counting)
    token = _join(app_client, room.slug, "Eve").json()["token"]
    for index in range(5):
        assert _post(app_client, room.slug, token, f"m{index}").status_code == 201
    calls = counting.calls
    empty = _post(app_client, room.slug, token, "   ")
    rude = _post(app_client, room.slug, token, "this is shit")
    # Refused by the limit, not by the empty-message check; the filter never ran.
    assert (empty.status_code, rude.status_code) == (429, 429)
    assert empty.json() == {"detail": "slow down: at most 5 messages every 10 seconds"}
    assert empty.headers["Retry-After"] == "10"
    assert counting.calls == calls
    assert _messages(db) == 5


def test_messages_per_address_are_limited_across_identities(
    app_client: TestClient, room: Room, settings: Settings, db: Session
) -> None:
    settings.chat_rate_address_messages = 3
    tokens = [_join(app_client, room.slug, f"Bot {n}").json()["token"] for n in range(4)]
    assert [_post(app_client, room.slug, t, "hi").status_code for t in tokens[:3]] == [201] * 3
    refused = _post(app_client, room.slug, tokens[3], "hi")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "too many messages from your network; try again in a few seconds"
    }
    assert _messages(db) == 3


def test_joins_per_address_are_limited(app_client: TestClient, room: Room) -> None:
    assert [_join(app_client, room.slug, f"N{n}").status_code for n in range(20)] == [201] * 20
    refused = _join(app_client, room.slug, "One more")
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "too many new chat names from your network; try again in a few minutes"
    }
    assert refused.headers["Retry-After"] == "600"


# --- mutes hold across a rejoin from the same address and browser -------------------------


def _mute(client: TestClient, room: Room, message_id: int) -> None:
    moderator = bearer(client, room.moderator_email)
    muted = client.post(f"/api/v1/host/{room.slug}/messages/{message_id}/mute", headers=moderator)
    assert muted.status_code == 200, muted.text


def test_a_muted_viewer_who_drops_their_identity_stays_muted_from_that_browser(
    app_client: TestClient, room: Room, db: Session
) -> None:
    first = _join(app_client, room.slug, "Spammer", **FIREFOX).json()["token"]
    # A second identity from the same browser, joined before the mute.
    spare = _join(app_client, room.slug, "Spare", **FIREFOX).json()["token"]
    sent = _post(app_client, room.slug, first, "spam", **FIREFOX).json()
    _mute(app_client, room, sent["data"]["message_id"])

    fresh = _join(app_client, room.slug, "Innocent", **FIREFOX)
    assert fresh.status_code == 403
    assert fresh.json() == {"detail": "a moderator muted you in this show"}
    from_spare = _post(app_client, room.slug, spare, "spam again", **FIREFOX)
    assert from_spare.status_code == 403
    assert from_spare.json() == {"detail": "a moderator muted you in this show"}
    assert _messages(db) == 1

    # The mute keeps a keyed hash of the address and browser, never the address itself.
    mute = db.scalar(select(ChatMute))
    assert mute is not None
    assert mute.fingerprint == viewers.fingerprint(SECRET, "testclient", FIREFOX["User-Agent"])
    assert len(mute.fingerprint) == 64 and "testclient" not in mute.fingerprint


def test_a_mute_does_not_silence_another_browser_on_that_address_or_another_show(
    app_client: TestClient, room: Room, session_factory: sessionmaker[Session], db: Session
) -> None:
    other = _other_show(session_factory, room)
    spammer = _join(app_client, room.slug, "Spammer", **FIREFOX).json()["token"]
    sent = _post(app_client, room.slug, spammer, "spam", **FIREFOX).json()
    _mute(app_client, room, sent["data"]["message_id"])

    housemate = _join(app_client, room.slug, "Housemate", **CHROME)
    assert housemate.status_code == 201
    assert (
        _post(app_client, room.slug, housemate.json()["token"], "hi", **CHROME).status_code == 201
    )
    elsewhere = _join(app_client, other.slug, "Spammer", **FIREFOX)
    assert elsewhere.status_code == 201
    assert (
        _post(app_client, other.slug, elsewhere.json()["token"], "hi", **FIREFOX).status_code == 201
    )
    assert _messages(db) == 3


@pytest.mark.parametrize(
    "first, second, same",
    [
        ("2001:db8:1:2::1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", True),  # one household's /64
        ("2001:db8:1:2::1", "2001:db8:1:3::1", False),
        ("::ffff:192.0.2.7", "192.0.2.7", True),
        ("192.0.2.7", "192.0.2.8", False),
    ],
)
def test_fingerprints_group_an_ipv6_household_and_tell_addresses_apart(
    first: str, second: str, same: bool
) -> None:
    ua = FIREFOX["User-Agent"]
    assert (
        viewers.fingerprint(SECRET, first, ua) == viewers.fingerprint(SECRET, second, ua)
    ) is same
    assert viewers.fingerprint(SECRET, first, ua) != viewers.fingerprint(SECRET, first, "other")
    assert viewers.fingerprint(SECRET, first, ua) != viewers.fingerprint("other-key", first, ua)
