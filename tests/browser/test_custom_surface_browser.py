"""A custom f(x, y) end to end in Chromium: typed on the Compare page, parsed, run and drawn;
a hostile one refused with a message on the page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser


def expression_box(page):
    return page.locator("[data-testid='stSidebar'] [data-testid='stTextInput'] input").first


def test_typing_a_custom_function_draws_its_paths(page, app_url):
    page.goto(f"{app_url}/?compare.surface=custom")  # Compare is the default page, at /
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    no_exception(page)
    box = expression_box(page)
    box.fill("(x - 1)**2 + 10*(y + 0.5)**2")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('compare.expr=')", timeout=30_000)
    wait_ready(page)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    no_exception(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlert']").filter(has_text="can't be used").count() == 0
    # the results table reports the runs on the new surface
    assert page.locator("[data-testid='stDataFrame']").count() >= 1
    assert "compare.expr=" in page.url
    screenshot(page, "custom_surface")
    assert page.js_errors == []


def test_a_hostile_function_is_refused_on_the_page(page, app_url):
    page.goto(f"{app_url}/?compare.surface=custom")  # Compare is the default page, at /
    wait_ready(page, timeout=90_000)
    box = expression_box(page)
    box.fill("__import__('os').system('touch /tmp/descent-lab-pwned')")
    box.press("Enter")
    page.get_by_text("This formula can't be used").first.wait_for(timeout=30_000)
    wait_ready(page)
    no_exception(page)
    import os

    assert not os.path.exists("/tmp/descent-lab-pwned")
