"""The Compare page's shell in Chromium: the chart stays in view while any hyperparameter changes, the
view switch takes every click, a lesson survives a trip to another page and the browser's Back and
Forward, and removing an optimizer leaves the others' colours alone.  Screenshots for docs/."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from comparison import codec
from comparison.presets import PRESETS
from tests.browser.helpers import docs_screenshot, no_exception, open_compare, open_from_menu, open_lesson, wait_ready

pytestmark = pytest.mark.browser

MAP = ".js-plotly-plot"


open_page = open_compare  # the Compare page with its chart drawn (tests.browser.helpers)


def query(page) -> dict[str, str]:
    """The page's URL query, ``lang`` left out."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items() if k != "lang"}


def wait_for_legend(page, names: list[str], timeout: float = 30_000) -> None:
    """Until the (first) chart's legend is exactly ``names`` and the script has stopped."""
    page.wait_for_function(
        """(names) => { const p = document.querySelector('.js-plotly-plot');
        const app = document.querySelector("[data-testid='stApp']");
        if (!p || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
        const shown = Array.from(p.querySelectorAll('.legendtext')).map(e => e.textContent)
            .filter(t => /^\\d+\\. /.test(t));
        return JSON.stringify(shown) === JSON.stringify(names); }""",
        arg=names,
        timeout=timeout,
    )


def path_colours(page) -> dict[str, str]:
    """Each optimizer's path colour on the map, by its label without the number (``SGD (lr=0.95)``)."""
    return page.locator(MAP).first.evaluate(
        """(p) => Object.fromEntries(p.data
            .filter(t => t.xaxis === 'x' && /^\\d+\\. /.test(t.name || '') && t.legendgroup === t.name
                         && (t.mode || '').startsWith('lines'))
            .map(t => [t.name.replace(/^\\d+\\. /, ''), t.line.color]))"""
    )


def panel(page, number: int):
    """The settings panel of the ``number``-th optimizer (the sidebar's expanders are the optimizers')."""
    return page.locator("[data-testid='stSidebar'] [data-testid='stExpander']").nth(number - 1)


def open_panel(page, number: int):
    box = panel(page, number)
    box.locator("summary").click()
    wait_ready(page)
    box.get_by_role("slider").first.wait_for(timeout=30_000)
    return box


@pytest.mark.parametrize("size", [(1280, 800), (1400, 1100)], ids=["projector-1280x800", "1400x1100"])
def test_the_chart_stays_in_view_while_a_hyperparameter_changes(browser, app_url, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_page(page, app_url)
        box = open_panel(page, 3)
        slider = box.get_by_role("slider").first  # AdaGrad's lr, on its 1-2-5 grid: 1.5 -> 2
        slider.focus()
        page.keyboard.press("ArrowRight")
        wait_for_legend(page, ["1. SGD (lr=0.95)", "2. Momentum (lr=0.1)", "3. AdaGrad (lr=2)", "4. Adam (lr=0.3)"])
        no_exception(page)
        assert query(page)["compare.o2.lr"] == "2"
        chart = page.locator(MAP).first.bounding_box()
        # the top half of the chart is on screen (bounding boxes are in viewport coordinates, after
        # Streamlit's own scroll container has scrolled)
        assert chart["y"] >= 0, chart
        assert chart["y"] + chart["height"] / 2 <= height, chart
        main = page.locator("[data-testid='stMain']").bounding_box()
        assert chart["y"] >= main["y"]
        if size == (1280, 800):
            docs_screenshot(page, "compare_panel")
    finally:
        context.close()


def test_every_click_on_the_view_switch_switches(page, app_url):
    open_page(page, app_url)
    switch = page.locator("[data-testid='stMain'] [data-testid='stButtonGroup']").last
    switch.get_by_text("3D view").click()
    page.wait_for_function("() => location.search.includes('compare.view=3d')", timeout=30_000)
    wait_ready(page)
    switch.get_by_text("Share and download").click()  # the next click after a switch is not ignored
    page.wait_for_function("() => location.search.includes('compare.view=share')", timeout=30_000)
    wait_ready(page)
    page.locator("[data-testid='stCode']").first.wait_for(timeout=30_000)
    switch.get_by_text("Update rules").click()
    page.wait_for_function("() => !location.search.includes('compare.view')", timeout=30_000)
    wait_ready(page)
    no_exception(page)


def test_a_lesson_survives_another_page_and_back_and_forward(page, app_url):
    open_page(page, app_url)
    beale = PRESETS["beale"].config
    labels = beale.labels()
    open_lesson(page, "3. Beale")
    wait_for_legend(page, labels)
    expected = codec.query_for(beale)
    assert query(page) == expected
    open_from_menu(page, "sweep")
    page.wait_for_function("() => location.pathname.endsWith('/sweep')", timeout=30_000)
    wait_ready(page, timeout=90_000)
    open_from_menu(page, "")
    wait_for_legend(page, labels, timeout=60_000)
    assert query(page) == expected  # the whole lesson, not a mix
    assert page.get_by_text("Lesson: Beale").count() == 1
    # Back and Forward: every step shows the view its URL describes.  (Streamlit records the menu's
    # own address for Compare and then the page's link as two steps, so there may be one more.)
    for _ in range(2):
        page.go_back()
        settle(page)
        if on_sweep(page):
            break
        view_follows_url(page)
    assert on_sweep(page)
    for _ in range(2):
        page.go_forward()
        settle(page)
        view_follows_url(page)
        if query(page) == expected:
            break
    assert query(page) == expected
    wait_for_legend(page, labels)
    no_exception(page)


def on_sweep(page) -> bool:
    return page.evaluate("() => location.pathname.endsWith('/sweep')")


def settle(page) -> None:
    page.wait_for_timeout(1000)
    wait_ready(page, timeout=90_000)


def view_follows_url(page) -> None:
    """The Compare page shows what its URL says (decoded by the page's own codec)."""
    link, notices = codec.decode(query(page))
    assert not notices
    wait_for_legend(page, link.config.labels(), timeout=60_000)


def test_removing_an_optimizer_keeps_the_others_colours(page, app_url):
    open_page(page, app_url)
    before = path_colours(page)
    assert len(set(before.values())) == 4
    open_panel(page, 3)  # AdaGrad's
    box = open_panel(page, 2)
    box.get_by_role("button", name="Remove").click()
    wait_for_legend(page, ["1. SGD (lr=0.95)", "2. AdaGrad (lr=1.5)", "3. Adam (lr=0.3)"])
    # AdaGrad's panel (now the second) is still open: its controls are on screen
    assert panel(page, 2).get_by_role("spinbutton").first.input_value() == "1.5"
    after = path_colours(page)
    assert after == {k: v for k, v in before.items() if not k.startswith("Momentum")}
    assert query(page) == {"compare.n": "3", "compare.slots": "0,2,3"}
    no_exception(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_screenshots_at_a_projectors_size(browser, app_url, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        open_page(page, app_url + ("/?lang=zh" if lang == "zh" else "/"))
        no_exception(page)
        if lang == "zh":
            open_panel_zh = page.locator("[data-testid='stSidebar'] [data-testid='stExpander']").nth(3)
            open_panel_zh.locator("summary").click()
            wait_ready(page)
            open_panel_zh.get_by_role("slider").first.wait_for(timeout=30_000)
        name = "compare_default" if lang == "en" else "compare_zh"
        docs_screenshot(page, name)
    finally:
        context.close()
