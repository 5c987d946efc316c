"""The notes' lessons of issue #14 in Chromium: one click on the lesson's button sets its view, and the
note, with the numbers of its own runs, is on the page (screenshots for docs/screenshots/)."""

from __future__ import annotations

import pytest

from comparison.config import build_surface
from comparison.presets import PRESETS
from comparison.runner import run_one
from tests.browser.helpers import docs_screenshot, no_exception, open_lesson, wait_ready
from ui.strings import CATALOGUE

pytestmark = pytest.mark.browser

LESSONS = ("adagrad_fades", "clipping", "restarts", "adam_then_sgd", "heavy_ball", "amsgrad")


@pytest.mark.parametrize("name", LESSONS)
def test_one_click_opens_the_lesson_with_its_note(page, app_url, name):
    preset = PRESETS[name]
    page.goto(app_url)
    wait_ready(page, timeout=90_000)
    number = list(PRESETS).index(name) + 1  # the lessons menu numbers them (the keys 1-9 pick the first nine)
    open_lesson(page, f"{number}. {CATALOGUE[preset.title_key]['en']}")
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    wait_ready(page)
    no_exception(page)
    cfg = preset.config.normalized()
    surface = build_surface(cfg.surface, cfg.surface_params)
    runs = [run_one(surface, o, cfg.schedule_for(i), cfg.start, cfg.steps) for i, o in enumerate(cfg.optimizers)]
    fields = preset.fields(surface, runs)
    info = page.locator("[data-testid='stAlert']").filter(has_text="Lesson: " + CATALOGUE[preset.title_key]["en"])
    info.wait_for(timeout=30_000)
    shown = info.inner_text()
    for key in ("steps", *sorted(fields)[:3]):  # the run's own numbers, as the note states them
        assert fields[key] in shown, (key, fields[key])
    docs_screenshot(page, f"compare_lesson_{name}")
    info.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    docs_screenshot(page, f"compare_lesson_{name}_note")
