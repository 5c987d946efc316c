"""The saddle lesson in Chromium: every run that leaves the view is named alike, with its final loss."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from comparison.codec import query_for
from comparison.presets import PRESETS
from tests.browser.helpers import no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser


def test_saddle_lesson_names_every_escape_and_shows_every_final_loss(page, app_url):
    page.goto(f"{app_url}/?{urlencode(query_for(PRESETS['saddle'].config))}")
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    assert page.js_errors == []
    escapes = page.locator("[data-testid='stAlert']").filter(has_text="left the view at step")
    assert escapes.count() == 1 and escapes.inner_text().count("left the view at step") == 5
    assert page.locator("[data-testid='stAlert']").filter(has_text="diverged").count() == 0
    screenshot(page, "saddle_lesson_map")
    escapes.last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "saddle_lesson_notes")  # the lesson, the escapes and the results table


@pytest.mark.parametrize("surface", ["rosenbrock", "goldstein_price"])
def test_the_first_view_of_a_steep_surface_shows_no_warning(page, app_url, surface):
    page.goto(f"{app_url}/?compare.surface={surface}&compare.v=2")
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    assert page.locator("[data-testid='stAlert']").count() == 0
    screenshot(page, f"first_view_{surface}")
