"""The live room in two browsers: a host in the console and a viewer on the show page."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive import viewers
from crosslive.auth import service as auth_service
from crosslive.db import transaction
from crosslive.settings import Settings
from tests.chat.factories import PASSWORD, Room, make_room

XSS_NAME = '<img src=x onerror="window.__pwned=1">'
XSS_BODY = "<script>window.__pwned=2</script><b>bold</b>"


@pytest.fixture
def room(session_factory: sessionmaker[Session], settings: Settings) -> Room:
    with transaction(session_factory) as db:
        seller = auth_service.create_seller(db, slug="acme", name="Acme Outfitters")
        seller_id = seller.id
    return make_room(session_factory, settings, seller_id)


@pytest.fixture
def host(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{url}/admin/login?next=/host/{room.slug}")
    page.fill("input[name=email]", room.host_email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/host/{room.slug}")
    yield page
    context.close()


@pytest.fixture
def viewer(browser: Browser, live_server: object, room: Room) -> Iterator[Page]:
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/live/{room.slug}?country=US")  # type: ignore[attr-defined]
    yield page
    context.close()


def _join(viewer: Page, name: str) -> None:
    viewer.fill("#viewer-name", name)
    viewer.click("text=Join chat")
    expect(viewer.locator("#message")).to_be_visible()


def _say(page: Page, selector: str, text: str) -> None:
    page.fill(selector, text)
    page.press(selector, "Enter")


def test_chat_goes_both_ways(host: Page, viewer: Page) -> None:
    _join(viewer, "Mia")
    _say(viewer, "#message", "Is the linen see-through?")
    expect(host.locator(".console-chat li", has_text="Is the linen see-through?")).to_be_visible()
    _say(host, "#staff-message", "Not at all, it is double-layered.")
    staff_line = viewer.locator(".chat-feed .msg.staff")
    # The host's label is a word in the page (translated), not a style sheet's English.
    expect(staff_line.locator(".msg-role")).to_have_text("host")
    expect(staff_line).to_have_text("Hana Host host: Not at all, it is double-layered.")


def test_pinned_product_appears_for_the_viewer_without_a_reload(
    host: Page, viewer: Page, room: Room
) -> None:
    expect(viewer.locator(".pin")).to_have_count(0)
    with host.expect_response(lambda r: r.url.endswith("/pins")) as pinned:
        host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    assert pinned.value.status == 201
    card = viewer.locator(f'.pin[data-product="{room.product_id}"]')
    expect(card).to_be_visible()
    expect(card.locator(".pin-open .price strong")).to_have_text("$49.00")


def test_market_choice_changes_prices_delivery_and_trust(
    host: Page, viewer: Page, room: Room
) -> None:
    host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    expect(viewer.locator(".pin-open .price strong")).to_have_text("$49.00")
    viewer.select_option("#country", "DE")
    viewer.wait_for_url("**country=DE")
    expect(viewer.locator(".pin-open .price strong")).to_have_text("€45.00")
    viewer.locator(".pin-open").click()
    sheet = viewer.locator("dialog.sheet[open]")
    expect(sheet.locator(".delivery")).to_contain_text(
        "Ships from our Rotterdam, Netherlands warehouse in 2-4 days"
    )
    expect(sheet.locator(".returns")).to_contain_text(
        "Return within 14 days to our Rotterdam, Netherlands warehouse; you pay the return label"
    )
    expect(sheet.locator(".trust .credential-claim")).to_have_text(
        ["OEKO-TEX Standard 100 certified linen", "120,000 shirts sold worldwide"]
    )
    viewer.locator(".sheet-close").click()
    viewer.select_option("#country", "US")
    viewer.wait_for_url("**country=US")
    viewer.locator(".pin-open").click()
    expect(viewer.locator("dialog.sheet[open] .trust .credential-claim")).to_have_text(
        ["120,000 shirts sold worldwide", "OEKO-TEX Standard 100 certified linen"]
    )


def test_xss_in_names_and_messages_stays_text(host: Page, viewer: Page) -> None:
    _join(viewer, XSS_NAME)
    viewer.locator("[name=question]").check()
    _say(viewer, "#message", XSS_BODY)
    line = viewer.locator(".chat-feed .msg").last
    expect(line.locator(".msg-name")).to_have_text(XSS_NAME)
    expect(line.locator(".msg-body")).to_have_text(XSS_BODY)
    expect(line.locator(".msg-tag")).to_have_text("Question")  # the question's tag, in the page
    host_line = host.locator(".console-chat li").last
    expect(host_line.locator(".text")).to_have_text(XSS_BODY)
    expect(host_line.locator(".q-tag")).to_have_text("Question")
    expect(host.locator(".question-list li strong").last).to_have_text(XSS_NAME)
    for page in (viewer, host):
        assert page.locator(".chat-feed img, .console-chat img, .question-list img, b").count() == 0
        assert page.evaluate("window.__pwned") is None


def test_viewer_sees_the_host_answering_their_question(host: Page, viewer: Page) -> None:
    _join(viewer, "Noa")
    viewer.locator("[name=question]").check()
    _say(viewer, "#message", "Does M fit someone 170 cm tall?")
    question = host.locator(".question-list li", has_text="Does M fit someone 170 cm tall?")
    question.get_by_role("button", name="Answer now").click()
    banner = viewer.locator(".answering")
    expect(banner).to_be_visible()
    expect(banner.locator(".answering-text")).to_have_text("Noa: Does M fit someone 170 cm tall?")
    question.get_by_role("button", name="Done").click()
    expect(banner).to_be_hidden()
    expect(host.locator(".question-list li")).to_have_count(0)


def test_viewer_adds_a_pinned_product_to_the_cart_without_leaving(
    host: Page, viewer: Page, room: Room
) -> None:
    host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    viewer.locator(".pin-open").click()
    sheet = viewer.locator("dialog.sheet[open]")
    sheet.locator("select[name=variant]").select_option(label="M (US 8-10) · $49.00")
    sheet.locator(".add-to-cart").click()
    expect(sheet.locator(".added")).to_have_text("Added to your cart")
    sheet.locator(".sheet-close").click()
    expect(viewer.locator(".cart-drawer .cart-summary")).to_have_text("1 · $49.00")
    assert viewer.url.endswith(f"/live/{room.slug}?country=US")


def test_the_cart_summary_writes_the_subtotal_as_the_page_language_does(
    host: Page, viewer: Page, room: Room
) -> None:
    host.locator(f'.product-row[data-product="{room.product_id}"] [data-action=pin]').click()
    viewer.goto(f"{viewer.url.split('?')[0]}?country=US&lang=de")
    viewer.locator(".pin-open").click()
    sheet = viewer.locator("dialog.sheet[open]")
    sheet.locator(".add-to-cart").click()
    expect(sheet.locator(".added")).to_have_text("In den Warenkorb gelegt")
    sheet.locator(".sheet-close").click()
    # As the sheet and the cart write the price, not "1 · $49.00".
    expect(viewer.locator(".cart-drawer .cart-summary")).to_have_text("1 · 49,00\u00a0$")


def test_size_advisor_in_the_product_sheet_remembers_the_viewer(
    host: Page, viewer: Page, room: Room
) -> None:
    for product_id in (room.product_id, room.second_product_id):
        host.locator(f'.product-row[data-product="{product_id}"] [data-action=pin]').click()
        expect(viewer.locator(f'.pin[data-product="{product_id}"]')).to_be_visible()

    viewer.locator(f'.pin[data-product="{room.product_id}"] .pin-open').click()
    sheet = viewer.locator(f"#sheet-{room.product_id}")
    advisor = sheet.locator("[data-fit-advisor]")
    expect(advisor).to_be_visible()
    advisor.locator("input[name=height_cm]").fill("165")
    advisor.locator("input[name=weight_kg]").fill("58")
    advisor.get_by_text("Measurements (optional)").click()
    advisor.locator("input[name=bust_cm]").fill("86")
    advisor.get_by_role("button", name="Recommend my size").click()
    # The chart: chest 96 cm (S) and 101.6 cm (M) over an 86 cm bust; regular wants ~6 cm.
    expect(advisor.locator("[data-fit-size]")).to_have_text("S (US 4-6)")
    expect(advisor.locator("[data-fit-runner-up]")).to_have_text("M (US 8-10)")
    sheet.locator(".sheet-close").click()

    viewer.locator(f'.pin[data-product="{room.second_product_id}"] .pin-open').click()
    moved = viewer.locator(f"#sheet-{room.second_product_id} [data-fit-advisor]")
    expect(moved).to_have_attribute("data-product-id", str(room.second_product_id))
    expect(moved.locator("input[name=height_cm]")).to_have_value("165")
    expect(moved.locator("[data-fit-size]")).to_have_text("S (US 4-6)")


def test_japanese_viewer_is_advised_in_jp_sizes_from_height_and_weight(
    browser: Browser, live_server: object, host: Page, room: Room
) -> None:
    for product_id in (room.product_id, room.second_product_id):
        host.locator(f'.product-row[data-product="{product_id}"] [data-action=pin]').click()
    context = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844})
    viewer = context.new_page()
    viewer.set_default_timeout(10_000)
    viewer.goto(f"{live_server.url}/live/{room.slug}?country=JP")  # type: ignore[attr-defined]
    viewer.locator(f'.pin[data-product="{room.product_id}"] .pin-open').click()
    sheet = viewer.locator(f"#sheet-{room.product_id}")
    expect(sheet.locator(".size-chart tbody th").first).to_have_text("S JP 9-11")
    advisor = sheet.locator("[data-fit-advisor]")
    advisor.locator("input[name=height_cm]").fill("165")
    advisor.locator("input[name=weight_kg]").fill("58")
    # The page speaks the browser's Japanese: "Recommend my size".
    advisor.get_by_role("button", name="サイズをおすすめ").click()
    # Bust estimated at 93.1 cm: the S chest (96 cm) leaves too little room, M (101.6) does.
    expect(advisor.locator("[data-fit-size]")).to_have_text("M (JP 13-15)")
    # The hint is in Japanese too, with the estimate that would change the advice.
    expect(advisor.locator("[data-fit-sharpen]")).to_contain_text(
        "より正確にするには\uff1aバストまたは胸囲を測ってください\uff1a93.1 cm"
    )
    sheet.locator(".sheet-close").click()
    # The next product of the show: the answers are remembered, no retyping.
    viewer.locator(f'.pin[data-product="{room.second_product_id}"] .pin-open').click()
    moved = viewer.locator(f"#sheet-{room.second_product_id} [data-fit-advisor]")
    expect(moved.locator("input[name=weight_kg]")).to_have_value("58")
    expect(moved.locator("[data-fit-size]")).to_have_text("M (JP 13-15)")
    context.close()


def test_a_viewer_whose_chat_join_expired_writes_on_after_a_silent_rejoin(
    live_server: object, viewer: Page, room: Room, settings: Settings
) -> None:
    stored = viewer.evaluate("JSON.parse(localStorage.getItem('crosslive:viewer'))")
    identity = viewers.read(settings.signing_key(), stored["token"]).id
    _, expired = viewers.issue(
        settings.signing_key(),
        "Mia",
        identity,
        chat_show=room.show_id,
        chat_until=int(time.time()) - 60,
    )
    viewer.evaluate(
        "(token) => localStorage.setItem('crosslive:viewer', JSON.stringify({token, name: 'Mia'}))",
        expired,
    )
    viewer.reload()
    expect(viewer.locator("#message")).to_be_visible()  # the page still knows the name
    with viewer.expect_response(lambda r: "/viewers" in r.url) as rejoined:
        _say(viewer, "#message", "Still here")
    assert rejoined.value.status == 201
    expect(viewer.locator(".chat-feed .msg-body", has_text="Still here")).to_have_count(1)
    expect(viewer.locator(".composer-error")).to_be_hidden()
    kept = viewer.evaluate("JSON.parse(localStorage.getItem('crosslive:viewer'))")
    renewed = viewers.read(settings.signing_key(), kept["token"])
    assert (renewed.id, renewed.name, renewed.chat_show) == (identity, "Mia", room.show_id)


def _play_canvas(page: Page, width: int, height: int) -> tuple[str, float]:
    """Feed the player a WIDTH x HEIGHT stream (a painted canvas); return how it is fitted
    and how much of the picture the video's box shows (1.0: all of it)."""
    page.evaluate(
        """([w, h]) => {
            const canvas = Object.assign(document.createElement("canvas"), {width: w, height: h});
            const paint = () => { canvas.getContext("2d").fillRect(0, 0, w, h);
                                  requestAnimationFrame(paint); };
            paint();
            document.querySelector("#video").srcObject = canvas.captureStream(10);
        }""",
        [width, height],
    )
    page.wait_for_function(f"() => document.querySelector('#video').videoWidth === {width}")
    fitted: tuple[str, float] = page.evaluate(
        """() => {
            const video = document.querySelector("#video");
            const box = video.getBoundingClientRect();
            const fit = getComputedStyle(video).objectFit;
            const [w, h] = [video.videoWidth, video.videoHeight];
            const scaleX = box.width / w, scaleY = box.height / h;
            // The picture as painted: scaled to fit inside the box, or to fill it.
            const scale = fit === "cover" ? Math.max(scaleX, scaleY) : Math.min(scaleX, scaleY);
            const shown = Math.min(box.width, w * scale) * Math.min(box.height, h * scale);
            return [fit, Math.round((shown / (w * h * scale * scale)) * 1000) / 1000];
        }"""
    )
    return fitted


@pytest.mark.parametrize(
    ("page_path", "viewport", "stream", "fit", "shown"),
    [
        ("live", (1366, 768), (1280, 720), "contain", 1.0),  # a laptop: the broadcast whole
        ("live", (390, 844), (1280, 720), "contain", 1.0),  # a phone upright, a landscape show
        ("embed", (390, 844), (1280, 720), "contain", 1.0),  # the same, embedded in a page
        ("live", (390, 844), (720, 1280), "cover", 0.8),  # a phone stream fills a phone
        ("live", (1366, 768), (720, 1280), "contain", 1.0),  # a phone stream on a laptop: whole
    ],
)
def test_the_player_never_crops_a_picture_of_another_shape(
    browser: Browser,
    live_server: object,
    room: Room,
    page_path: str,
    viewport: tuple[int, int],
    stream: tuple[int, int],
    fit: str,
    shown: float,
) -> None:
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/{page_path}/{room.slug}?country=US")  # type: ignore[attr-defined]
    got_fit, got_shown = _play_canvas(page, *stream)
    assert got_fit == fit
    if shown == 1.0:
        assert got_shown == 1.0  # every pixel of the picture is inside the video's box
    else:  # a portrait stream on a portrait phone: only a sliver of its sides is cut
        assert shown <= got_shown < 1.0
    context.close()


def test_a_question_gets_an_instant_answer_under_it_and_the_host_sees_it(
    host: Page, viewer: Page
) -> None:
    _join(viewer, "Aoi")
    viewer.locator("[name=question]").check()
    _say(viewer, "#message", "返品は無料ですか？")
    answer = viewer.locator(".chat-feed .msg.question .auto-answer")
    expect(answer).to_have_text(
        "30日以内なら返品できます。返品先はLos Angelesの倉庫です。"
        "返送ラベルは当店が負担します（返品送料は無料）。"  # noqa: RUF001
    )
    expect(answer).to_have_attribute("lang", "ja")
    # Answered: it leaves the host's queue live; its answer stays under it in the chat.
    said = host.locator(".console-chat li", has_text="返品は無料ですか")
    expect(said.locator(".auto-answer")).to_contain_text(
        "Answered automatically (markets:US:returns)"
    )
    expect(host.locator(".question-list li", has_text="返品は無料ですか")).to_have_count(0)

    # Handed to the host: it stays in the queue, marked as waiting for them.
    viewer.locator("[name=question]").check()
    _say(viewer, "#message", "Can I pay with PayPal?")
    queued = host.locator(".question-list li", has_text="PayPal")
    expect(queued.locator(".auto-answer.escalated")).to_have_text(
        "Not answered automatically: waiting for you"
    )
