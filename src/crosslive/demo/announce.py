"""What `crosslive demo` prints before serving: where to go, how to log in, what is on."""

from __future__ import annotations

from datetime import datetime

from crosslive.demo import store_data
from crosslive.demo.logins import logins_path
from crosslive.demo.past_data import PAST_SHOWS
from crosslive.demo.regions import region_lines
from crosslive.demo.seed import DemoResult
from crosslive.settings import Settings


def startup_lines(
    result: DemoResult, settings: Settings, now: datetime, seconds: float, *, media: bool = True
) -> list[str]:
    if result.created:
        head = (
            f"Created the demo store {result.store_name!r} in {seconds:.1f} s: "
            f"{result.products} products, {result.markets} markets, "
            f"{result.credentials} credentials."
        )
    else:
        head = f"The demo store {result.store_name!r} already exists; serving it."
    lines = [
        head,
        f"  Admin:  {settings.public_url}/admin/login",
        f"  Insights on the past orders: {settings.public_url}/admin/insights",
    ]
    for login in result.logins:
        password = login.password or "(not known: it was set outside this data directory)"
        lines.append(f"  {login.role:<6}  {login.email}  password: {password}")
    if not result.logins:
        lines.append(
            f"  No saved logins in {logins_path(settings)}; "
            "add an account with `crosslive seller create`."
        )
    ahead = (result.show_starts_at - now).total_seconds()
    starts = result.show_starts_at.strftime("%H:%M UTC")
    # A rerun soon after the seeding may find the start passed: not "in 0 min".
    when = (
        f"starts at {starts} (in {round(ahead / 60)} min)"
        if ahead >= 30
        else f"was due at {starts}"
    )
    lines.append(f"  Show:   {result.show_title!r} {when}")
    lines.append(f"          host console: {settings.public_url}/host/{result.show_slug}")
    lines.append(
        f"  Pages:  {settings.public_url}/s/{result.store_slug}/products/"
        f"{store_data.SHOWCASE_PRODUCT} (one per product, with its schema.org data)"
    )
    lines.append(f"  Live:   {result.live_show_title!r} is live now")
    lines.append(f"          live room:    {settings.public_url}/live/{result.live_show_slug}")
    lines.append(
        f"          in German:    {settings.public_url}/live/{result.live_show_slug}?lang=de"
        " (or ja, ar ...; the page's switcher remembers the choice)"
    )
    lines.append(f"          host console: {settings.public_url}/host/{result.live_show_slug}")
    lines.append(
        f"          viewers' chat is translated into each reader's language by "
        f"{settings.translation_provider} (docs/translation.md)"
    )
    lines.append(
        "          on the air: products pinned in turn, credential cards, and viewers chatting"
        " in seven languages, answered at once by the instant answers (docs/live-room.md)"
    )
    if not media:
        lines.append("          (live video is off: --no-media)")
    else:
        lines += region_lines(settings)
    replayed = PAST_SHOWS[-1]
    lines.append(f"  Replay: {replayed.title!r}, with chapters and its products on sale")
    lines.append(f"          {settings.public_url}/replay/{replayed.slug}")
    lines.append(f"  Logins are saved in {logins_path(settings)} (readable only by you).")
    return lines
