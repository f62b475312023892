"""The two pages of a one-to-one video call, as the call tests open them: the viewer asks for a
call from a show's live room, the store's owner takes it in the host console, and each page
plays the other's (fake) camera."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.conftest import PASSWORD

VIEWER_VIDEO = ".consult-dialog .consult-remote"
HOST_VIDEO = ".consult-call .consult-remote"
PLAYING = """(selector) => { const v = document.querySelector(selector);
  return !!v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10; }"""
# Wall-clock time of every frame the call's <video> shows (whichever stream it holds).
FRAME_CLOCK = """(selector) => { window.shown = []; const v = document.querySelector(selector);
  const tick = () => { window.shown.push(performance.timeOrigin + performance.now());
    v.requestVideoFrameCallback(tick); };
  v.requestVideoFrameCallback(tick); }"""
# After a restart: the page joined the call again and shows 15 frames from after KILLED_AT.
PLAYING_AGAIN = """([selector, killedAt]) => {
  const v = document.querySelector(selector);
  const live = !!v.srcObject && v.srcObject.getVideoTracks().some((t) => t.readyState === "live");
  return live && Number(v.dataset.joins) >= 2
    && window.shown.filter((t) => t > killedAt + 500).length >= 15; }"""
JOINS = "(selector) => Number(document.querySelector(selector).dataset.joins)"
# The live room's two buttons that ask for a call, as a viewer reads them in their language.
ASK_BUTTONS = {
    "en-US": ("Video call with the store", "Ask for a call"),
    "de-DE": ("Videoanruf mit dem Shop", "Anruf anfragen"),
}


def asking_viewer(
    browser: Browser,
    base_url: str,
    slug: str,
    country: str = "US",
    locale: str = "en-US",
    email: str = "",
) -> Page:
    """A viewer's page on SLUG's live room that asked for a call (leaving EMAIL when given),
    waiting for the store to take it."""
    viewer = browser.new_context(locale=locale).new_page()
    viewer.set_default_timeout(30_000)
    viewer.on("console", lambda m: print(f"[viewer] {m.text}"))
    viewer.on("response", lambda r: r.status >= 400 and print(f"[viewer] {r.status} {r.url}"))
    viewer.goto(f"{base_url}/live/{slug}?country={country}")
    open_dialog, ask = ASK_BUTTONS[locale]
    viewer.get_by_role("button", name=open_dialog).click()
    if email:
        viewer.fill(".consult-dialog input[name=email]", email)
    viewer.get_by_role("button", name=ask).click()
    viewer.wait_for_selector(".consult-dialog[data-state=waiting]")
    return viewer


def logged_in_console(browser: Browser, base_url: str, slug: str) -> Page:
    """The store owner (owner@acme.test), logged in, on SLUG's host console."""
    page = browser.new_context().new_page()
    page.set_default_timeout(30_000)
    page.on("console", lambda m: print(f"[console] {m.text}"))
    page.goto(f"{base_url}/admin/login")
    page.fill("input[name=email]", "owner@acme.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/admin/login" not in u)
    page.goto(f"{base_url}/host/{slug}")
    return page


def take_call(host: Page) -> None:
    host.get_by_role("button", name="Take the call").click()


def both_playing(viewer: Page, host: Page, timeout_ms: int = 45_000) -> None:
    """Until each page plays the other side's camera."""
    try:
        viewer.wait_for_function(PLAYING, arg=VIEWER_VIDEO, timeout=timeout_ms)
    finally:
        print("viewer status:", viewer.text_content(".consult-status"))
    host.wait_for_function(PLAYING, arg=HOST_VIDEO, timeout=timeout_ms)


def call_started(
    browser: Browser, base_url: str, slug: str, country: str = "US", email: str = ""
) -> tuple[Page, Page]:
    """The viewer's page and the host's console, both in BROWSER, in a call that plays both
    ways."""
    viewer = asking_viewer(browser, base_url, slug, country, email=email)
    host = logged_in_console(browser, base_url, slug)
    take_call(host)
    both_playing(viewer, host)
    return viewer, host
