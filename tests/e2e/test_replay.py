"""A show's replay in Chromium: the video plays and seeks (Range requests), each chapter
jumps to its moment with that moment's product card and the chat as it was then (deleted
messages left out, text shown as text), and buying from the replay makes an order through
the show's cart, as in the live room."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import httpx
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosslive.chat.models import ChatMessage
from crosslive.db import transaction
from crosslive.orders.models import Order
from crosslive.settings import Settings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_checkout import fill_address
from tests.replays.factories import RECORDED_FROM, ended_show_with_replay


def _chat(factory: sessionmaker[Session], show_id: int) -> None:
    """Messages at 20 s and 100 s of the recording (20 s and 70 s of the replay), and one a
    moderator deleted."""
    with transaction(factory) as db:
        for wall, body, deleted in (
            (20, "Does it come in <b>blue</b>?", False),
            (40, "", True),
            (100, "Lamp looks great", False),
        ):
            at = RECORDED_FROM + timedelta(seconds=wall)
            db.add(
                ChatMessage(
                    show_id=show_id,
                    viewer_id=f"v{wall}",
                    display_name="Ana",
                    body=body,
                    created_at=at,
                    deleted_at=at if deleted else None,
                )
            )


def _video(settings: Settings, seconds: int) -> None:
    """A small H.264/AAC MP4 of SECONDS (the replay factory's r.mp4), made as the worker does."""
    settings.replays_dir.mkdir(parents=True, exist_ok=True)
    args = [
        "ffmpeg",
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=s=160x90:r=5:d={seconds}",
    ]
    args += ["-f", "lavfi", "-i", f"sine=d={seconds}", "-c:v", "libx264", "-preset", "ultrafast"]
    args += ["-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart"]
    subprocess.run([*args, str(settings.replays_dir / "r.mp4")], check=True, timeout=120)


def _at(page: Page) -> float:
    return float(page.evaluate("() => document.querySelector('#video').currentTime"))


def test_a_replay_plays_jumps_to_each_chapter_and_sells(
    live_server: LiveServer,
    page: Page,
    settings: Settings,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    replayed = ended_show_with_replay(session_factory)
    _chat(session_factory, replayed.shop.show_id)
    _video(settings, 120)
    slug = replayed.shop.show_slug
    ranged = httpx.get(f"{live_server.url}/replay/{slug}/video", headers={"Range": "bytes=0-99"})
    assert (ranged.status_code, len(ranged.content)) == (206, 100)

    page.goto(f"{live_server.url}/replay/{slug}?country=US")
    page.wait_for_function("() => document.querySelector('#video').readyState >= 1")
    assert round(page.evaluate("() => document.querySelector('#video').duration")) == 120
    chapters = page.locator(".chapter")
    expect(chapters).to_have_count(3)
    expect(chapters.locator(".chapter-title")).to_have_text(["Linen Shirt", "OEKO-TEX 100", "Lamp"])
    shirt = page.locator(f'.pin[data-product="{replayed.shirt_id}"]')
    lamp = page.locator(f'.pin[data-product="{replayed.lamp_id}"]')

    chat = page.locator(".replay-chat-line span")
    asked = "Does it come in <b>blue</b>?"
    for index, at, visible, hidden, said in (
        (2, 70, lamp, shirt, [asked, "Lamp looks great"]),
        (0, 10, shirt, lamp, []),  # back: the later messages go
        (1, 30, shirt, lamp, [asked]),
        (2, 70, lamp, shirt, [asked, "Lamp looks great"]),
    ):
        chapters.nth(index).click()
        page.wait_for_function(
            f"() => Math.abs(document.querySelector('#video').currentTime - {at}) < 1.5"
        )
        expect(visible).to_be_visible()
        expect(hidden).to_be_hidden()
        expect(chapters.nth(index)).to_have_attribute("aria-current", "true")
        expect(chat).to_have_text(said)  # the chat follows the seek, back and forth
    page.locator(".replay-chat summary").click()  # the viewer hides the chat
    expect(page.locator(".replay-chat-lines")).to_be_hidden()
    page.wait_for_function("() => document.querySelector('#video').currentTime > 70.5")  # it plays
    assert _at(page) < 80

    lamp.locator(".pin-open").click()
    lamp.locator(".add-to-cart").click()
    expect(page.locator(".cart-drawer")).to_be_visible()
    expect(page.locator(".cart-line")).to_have_count(1)
    lamp.locator(".sheet-close").click()
    fill_address(page)
    page.click(".cart-submit")
    expect(page.locator(".cart-status")).to_have_text("Order placed: $40.00")
    with session_factory() as db:
        placed = db.scalars(select(Order)).all()
        assert [(o.show_id, o.total_minor) for o in placed] == [(replayed.shop.show_id, 4000)]
