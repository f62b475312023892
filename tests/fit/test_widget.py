"""The live-room partial renders its data attributes escaped; its script is served."""

from __future__ import annotations

from fastapi.testclient import TestClient

from crosslive.web.pages import make_templates


def test_partial_escapes_the_show_slug() -> None:
    template = make_templates().env.get_template("fit/advisor.html")
    html = template.render(fit_product_id=12, fit_show_slug='x" onmouseover="alert(1)')
    assert 'data-product-id="12"' in html
    assert 'data-show-slug="x&#34; onmouseover=&#34;alert(1)"' in html
    assert 'onmouseover="alert(1)"' not in html
    assert html.count('name="preference"') == 3
    assert '<script src="/static/shop/fit-advisor.js" defer></script>' in html


def test_widget_script_is_served_and_keys_answers_by_show(app_client: TestClient) -> None:
    response = app_client.get("/static/shop/fit-advisor.js")
    assert response.status_code == 200
    assert '"crosslive.fit." + root.dataset.showSlug' in response.text
    assert "innerHTML" not in response.text
    assert 'querySelector("[data-fit-between]")' in response.text


def test_partial_has_a_between_line() -> None:
    html = make_templates().env.get_template("fit/advisor.html").render(fit_product_id=1)
    assert "data-fit-between hidden" in html
