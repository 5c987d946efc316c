"""The Sweep and Random-vs-grid-search pages in Chromium: they render, a cell click shows its run, and on a
1280 × 800 projector the map is in view beside the sidebar that holds every control (screenshots for docs/)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import docs_screenshot, no_exception, open_from_menu, screenshot, wait_ready
from ui.spec_text import spec_label
from ui.strings import CATALOGUE

pytestmark = pytest.mark.browser


def open_page(page, app_url: str, path: str) -> None:
    """Open a page the way a user does: the app's root, then the page's entry in the sidebar menu.

    (On a freshly started server, a first request for /sweep itself would run the page file alone,
    without app.py's navigation and sidebar.)
    """
    page.goto(app_url)
    open_from_menu(page, path)
    page.wait_for_url(f"**/{path}*", timeout=30_000)
    wait_ready(page, timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)


def test_sweep_renders_and_a_cell_click_shows_its_run(page, app_url):
    open_page(page, app_url, "sweep")
    no_exception(page)
    expect(page.get_by_text("Best cell", exact=False).first).to_be_visible()
    screenshot(page, "sweep_best_cell")

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


def test_search_renders_with_all_three_searches(page, app_url):
    open_page(page, app_url, "search")
    no_exception(page)
    expect(page.get_by_text("Why random search?", exact=False).first).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
    screenshot(page, "search_table")
    # TPE's trials in the map's legend; its best so far beside grid and random search, with the verdict
    expect(page.locator(".js-plotly-plot .legendtext", has_text="TPE: chosen by its model").first).to_be_visible()
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3)
    charts.nth(1).scroll_into_view_if_needed()
    expect(charts.nth(1).locator(".legendtext")).to_have_text(["grid search", "random search", "TPE (Bayesian)"])
    expect(page.get_by_text("This run:", exact=False).first).to_be_visible()
    screenshot(page, "search_best_so_far")
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("path", ["sweep", "search"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_is_in_view_beside_the_controls_on_a_projector(browser, app_url, path, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(app_url)
        wait_ready(page, timeout=90_000)
        page.goto(f"{app_url}/{path}" + ("?lang=zh" if lang == "zh" else ""))
        wait_ready(page, timeout=90_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
        wait_ready(page)
        no_exception(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        main = page.locator("[data-testid='stMain']")
        # every control of the page is in the sidebar, none in the main area (its buttons aside)
        assert sidebar.locator("[data-testid='stNumberInput']").count() >= 5
        assert main.locator("[data-testid='stNumberInput'], [data-testid='stSelectbox'], "
                            "[data-testid='stRadio']").count() == 0
        # the whole map, axes and legend, is on screen to the right of the sidebar
        side, chart = sidebar.bounding_box(), page.locator(".js-plotly-plot").first.bounding_box()
        assert chart["x"] >= side["x"] + side["width"] and chart["y"] + chart["height"] <= 800, (side, chart)
        # the hyperparameters are named in the page's language, in the menus and on the map
        momentum = spec_label("opt:sgd", "momentum", lang)
        axis_menu = sidebar.get_by_role("combobox", name=CATALOGUE["sweep.axis_y"][lang], exact=True)
        expect(axis_menu).to_have_value(momentum)
        expect(page.locator(".js-plotly-plot .ytitle").first).to_have_text(momentum)
        if path == "search":  # TPE's trials are on the map, named in the page's language
            tpe = CATALOGUE["search.legend.best_tpe"][lang]
            expect(page.locator(".js-plotly-plot").first.locator(".legendtext", has_text=tpe)).to_have_count(1)
        name = path if lang == "en" else f"{path}_zh"
        docs_screenshot(page, name)
    finally:
        context.close()
