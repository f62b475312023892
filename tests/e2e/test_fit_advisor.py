"""The size-advisor widget in Chromium: ask, get a size, and keep the answers for the show."""

from __future__ import annotations

from fastapi.responses import HTMLResponse
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session, sessionmaker

from crosslive.web.pages import make_templates
from tests.e2e.conftest import LiveServer
from tests.fit.test_api import CHART, add_product


def mount_test_page(server: LiveServer, first_product: int) -> None:
    """A bare page with the partial, as the live room will include it."""
    partial = make_templates().env.get_template("fit/advisor.html")

    def room() -> HTMLResponse:
        body = partial.render(fit_product_id=first_product, fit_show_slug="spring-show")
        return HTMLResponse(f"<!doctype html><html><body>{body}</body></html>")

    server.app.add_api_route("/test-room", room)


def test_widget_advises_and_remembers_the_viewer(
    live_server: LiveServer,
    page: Page,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    seller = int(owner["seller_id"])
    dress = add_product(session_factory, "wrap-dress", CHART, seller_id=seller)
    coat = add_product(
        session_factory, "coat", {"S": (96, 84, 100), "M": (102, 90, 106)}, seller_id=seller
    )
    mount_test_page(live_server, dress)
    page.goto(f"{live_server.url}/test-room")
    page.get_by_label("Height (cm)").fill("165")
    page.get_by_label("Weight (kg)").fill("58")
    page.get_by_text("Measurements (optional)").click()
    page.get_by_label("Bust (cm)").fill("86")
    page.get_by_label("Waist (cm)").fill("68")
    page.get_by_label("Hips (cm)").fill("94")
    page.get_by_role("button", name="Recommend my size").click()
    expect(page.locator("[data-fit-size]")).to_have_text("M")
    expect(page.locator("[data-fit-reason]")).to_have_text(
        "M: waist leaves 8.0 cm (3.1 in) of room (regular fit)"
    )
    # Next visit in this show: answers come back and advice is asked at once.
    page.reload()
    expect(page.get_by_label("Height (cm)")).to_have_value("165")
    expect(page.locator("[data-fit-size]")).to_have_text("M")
    # The pinned product changes: no retyping.
    page.evaluate(f"window.crossliveFitAdvisor.setProduct({coat})")
    expect(page.locator("[data-fit-size]")).to_have_text("S")


def test_widget_shows_validation_messages(
    live_server: LiveServer,
    page: Page,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    dress = add_product(session_factory, "wrap-dress", CHART, seller_id=int(owner["seller_id"]))
    mount_test_page(live_server, dress)
    page.goto(f"{live_server.url}/test-room")
    page.get_by_label("Height (cm)").fill("80")
    page.get_by_label("Weight (kg)").fill("58")
    page.get_by_role("button", name="Recommend my size").click()
    expect(page.locator("[data-fit-error]")).to_have_text(
        "height is in centimetres (120-230); 80 looks like inches: 80 in is 203 cm"
    )
    expect(page.locator("[data-fit-result]")).to_be_hidden()


def test_a_german_viewer_reads_why_in_german(
    live_server: LiveServer,
    browser: Browser,
    session_factory: sessionmaker[Session],
    owner: dict[str, str | int],
) -> None:
    dress = add_product(session_factory, "wrap-dress", CHART, seller_id=int(owner["seller_id"]))
    mount_test_page(live_server, dress)
    context = browser.new_context(locale="de-DE")  # the browser asks for German
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/test-room")
        page.locator("[name=height_cm]").fill("165")
        page.locator("[name=weight_kg]").fill("58")
        page.locator("[data-fit-form] summary").first.click()
        page.locator("[name=bust_cm]").fill("86")
        page.locator("[name=waist_cm]").fill("68")
        page.locator("[name=hips_cm]").fill("94")
        page.locator("[data-fit-form] button[type=submit]").click()
        expect(page.locator("[data-fit-size]")).to_have_text("M")
        expect(page.locator("[data-fit-reason]")).to_have_text(
            "M: Taillenumfang mit 8,0 cm (3,1 in) Spielraum (normale Passform)"
        )
    finally:
        context.close()
