"""Presentation mode and the keyboard on Compare, in Chromium at a projector's 1280×800."""

from __future__ import annotations

import pytest

from comparison.presets import PRESETS
from tests.browser.helpers import docs_screenshot, no_exception, wait_ready

pytestmark = pytest.mark.browser

ACTIVE = """() => { const gd = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
                     return gd._fullLayout.sliders[0].active || 0; }"""
GHOSTS = """() => { const gd = document.querySelector('[data-testid="stMain"] .js-plotly-plot');
                     return gd.data.filter(t => t.legendgroup === 'pinned').length; }"""


def projector(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    return context, context.new_page()


def test_the_keys_play_step_pin_and_open_a_lesson(app_url, browser):
    context, page = projector(browser)
    try:
        page.goto(app_url)
        wait_ready(page)
        page.wait_for_selector("[data-testid='stMain'] .js-plotly-plot .slider-container", timeout=60_000)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # keys to the page
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({ACTIVE})() === 2")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => ({ACTIVE})() === 1")
        page.keyboard.press("Home")
        page.wait_for_function(f"() => ({ACTIVE})() === 0")
        page.keyboard.press(" ")  # play: the step slider moves by itself
        page.wait_for_function(f"() => ({ACTIVE})() >= 3", timeout=15_000)
        page.keyboard.press(" ")  # pause: it stops
        stopped = page.evaluate(ACTIVE)
        page.wait_for_timeout(1200)
        assert page.evaluate(ACTIVE) - stopped <= 1

        page.keyboard.press("p")
        page.wait_for_function(f"() => ({GHOSTS})() === 4", timeout=30_000)
        wait_ready(page)

        second = list(PRESETS.values())[1]
        page.keyboard.press("2")
        page.wait_for_function("s => decodeURIComponent(location.search).includes(s)",
                               arg=f"compare.surface={second.config.surface}", timeout=30_000)
        wait_ready(page)
        no_exception(page)
        assert not page.js_errors if hasattr(page, "js_errors") else True
    finally:
        context.close()


def test_presentation_mode_fills_a_projector_and_esc_leaves_it(app_url, browser):
    context, page = projector(browser)
    try:
        page.goto(app_url)
        wait_ready(page)
        page.get_by_role("button", name="Presentation mode").click()
        wait_ready(page)
        page.wait_for_timeout(500)
        assert not page.locator("[data-testid='stSidebar']").is_visible()
        box = page.locator("[data-testid='stMain'] .js-plotly-plot").first.bounding_box()
        docs_screenshot(page, "compare_presentation")
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800, box  # the whole chart on the screen
        assert box["width"] >= 1200
        docs_screenshot(page, "compare_presentation")
        page.locator("[data-testid='stMain'] .js-plotly-plot").first.hover(position={"x": 5, "y": 5})
        page.keyboard.press("Escape")
        page.locator("[data-testid='stSidebar']").wait_for(state="visible", timeout=30_000)
        no_exception(page)
    finally:
        context.close()
