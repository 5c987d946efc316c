"""Basins, Schedules and Noise in Chromium: each page renders with no exception; a map click draws a path.

One browser session walks the three pages through the sidebar, as a student would (a page switch
reuses the session, which keeps the test short).  It starts at the app's root: on a fresh server, a
first request straight to ``/basins`` would run the page without ``app.py`` (Streamlit's old pages-folder
directory mode) until the entry script has run once.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser

# menu title, page title, number of charts
PAGES = {
    "basins": ("Basins of attraction", "Basins of attraction", 1),
    "schedules": ("Learning-rate schedules", "Learning-rate schedules", 5),
    "noise": ("Noise and batch size", "Noise and batch size", 3),
}


def go_to(page, name: str) -> None:
    menu, title, charts = PAGES[name]
    page.locator("[data-testid='stSidebarNavLink']", has_text=menu).first.click()
    expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=60_000)
    wait_ready(page, timeout=60_000)
    no_exception(page)
    assert not page.js_errors, page.js_errors


def test_the_three_pages_render_and_a_map_click_draws_a_path(page, app_url):
    page.goto(app_url)
    wait_ready(page, timeout=60_000)

    go_to(page, "basins")
    screenshot(page, "landscapes_basins")
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + 0.3 * box["height"])
    expect(page.get_by_text("The path from")).to_be_visible(timeout=30_000)
    wait_ready(page)
    assert "basins.probe=" in page.url
    no_exception(page)
    screenshot(page, "landscapes_basins_clicked")

    go_to(page, "schedules")
    expect(page.locator(".katex").first).to_be_visible()  # the closed forms are typeset
    screenshot(page, "landscapes_schedules")

    go_to(page, "noise")
    screenshot(page, "landscapes_noise")
