"""Basins, Schedules and Noise in Chromium: each page renders with no exception, its controls in the
sidebar and its first chart in view beside it, in English and in Chinese; a map click draws a path.

One browser session walks the three pages through the sidebar, as a student would (a page switch
reuses the session, which keeps the test short).  It starts at the app's root: on a fresh server, a
first request straight to ``/basins`` would run the page without ``app.py`` (Streamlit's old pages-folder
directory mode) until the entry script has run once.  Screenshots are 1280 × 800, the size of a laptop
screen (the good ones are copied to docs/screenshots/).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import no_exception, open_from_menu, screenshot, wait_ready

pytestmark = pytest.mark.browser

# menu title, page title, number of charts, in each language
PAGES = {
    "basins": {"en": ("Basins of attraction", 1), "zh": ("吸引域", 1)},
    "schedules": {"en": ("Learning-rate schedules", 5), "zh": ("学习率调度", 5)},
    "noise": {"en": ("Noise and batch size", 3), "zh": ("噪声与批量大小", 3)},
}


def go_to(page, name: str, lang: str = "en") -> None:
    title, charts = PAGES[name][lang]
    open_from_menu(page, name)
    expect(page.get_by_role("heading", name=title).first).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(charts, timeout=60_000)
    wait_ready(page, timeout=60_000)
    no_exception(page)
    assert not page.js_errors, page.js_errors


def check_layout(page) -> None:
    """The controls are in the sidebar; the first chart is on screen, to the right of the sidebar."""
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.locator("[data-testid='stSelectbox']").count() >= 2
    main = page.locator("[data-testid='stMain']")
    assert main.locator("[data-testid='stNumberInput'], [data-testid='stSelectbox'], [data-testid='stSlider']"
                        ).count() == 0
    edge = sidebar.bounding_box()
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    assert chart["x"] >= edge["x"] + edge["width"] - 1, (chart, edge)
    assert chart["y"] < 800 - 100, chart  # at least its top part is in view without scrolling


def test_the_three_pages_render_and_a_map_click_draws_a_path(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(app_url)
    wait_ready(page, timeout=60_000)

    go_to(page, "basins")
    check_layout(page)
    screenshot(page, "basins")
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    page.mouse.click(box["x"] + 0.75 * box["width"], box["y"] + 0.3 * box["height"])
    expect(page.get_by_text("The path from")).to_be_visible(timeout=30_000)
    wait_ready(page)
    assert "basins.probe=" in page.url
    no_exception(page)
    screenshot(page, "basins_clicked")
    page.get_by_role("button", name="Remove the path").click()
    expect(page.get_by_text("Click a point of the map")).to_be_visible(timeout=30_000)
    wait_ready(page)
    assert "basins.probe=" not in page.url

    go_to(page, "schedules")
    check_layout(page)
    expect(page.locator(".katex").first).to_be_visible()  # the closed forms are typeset
    screenshot(page, "schedules")

    go_to(page, "noise")
    check_layout(page)
    screenshot(page, "noise")


def test_the_three_pages_in_chinese(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{app_url}/?lang=zh")
    wait_ready(page, timeout=60_000)
    for name in ("basins", "schedules", "noise"):
        go_to(page, name, "zh")
        check_layout(page)
        assert "lang=zh" in page.url
        screenshot(page, f"{name}_zh")
