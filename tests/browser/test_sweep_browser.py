"""The Sweep and Random-vs-grid-search pages in Chromium: they render, and a cell click shows its run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser


def open_page(page, app_url: str, path: str) -> None:
    """Open a page the way a user does: the app's root, then the page's entry in the sidebar menu.

    (On a freshly started server, a first request for /sweep itself would run the page file alone,
    without app.py's navigation and sidebar.)
    """
    page.goto(app_url)
    link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']")
    link.wait_for(timeout=60_000)
    link.click()
    page.wait_for_url(f"**/{path}*", timeout=30_000)
    wait_ready(page, timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)


def test_sweep_renders_and_a_cell_click_shows_its_run(page, app_url):
    open_page(page, app_url, "sweep")
    no_exception(page)
    expect(page.get_by_text("Best cell", exact=False).first).to_be_visible()
    screenshot(page, "sweep")

    # click the left third of the map, half-way up: a small learning rate, momentum about 0.5
    heatmap = page.locator(".js-plotly-plot").first
    drag = heatmap.locator(".nsewdrag").first
    box = drag.bounding_box()
    page.mouse.click(box["x"] + 0.3 * box["width"], box["y"] + 0.5 * box["height"])
    expect(page.get_by_text("Selected cell", exact=False).first).to_be_visible(timeout=30_000)
    wait_ready(page, timeout=60_000)
    no_exception(page)
    assert re.search(r"sweep\.cell=\d+%2C\d+|sweep\.cell=\d+,\d+", page.url), page.url
    # the run's path and loss curve are drawn under the map, with the link to Compare
    assert page.locator(".js-plotly-plot").count() >= 3
    expect(page.get_by_text("Open this run on the Compare page").first).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_search_renders_with_both_searches(page, app_url):
    open_page(page, app_url, "search")
    no_exception(page)
    expect(page.get_by_text("Why random search?", exact=False).first).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    screenshot(page, "search")
    assert not page.js_errors, page.js_errors
