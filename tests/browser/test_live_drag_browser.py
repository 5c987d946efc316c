"""Compare's live view in Chromium: dragging a slider with the mouse moves the path before the mouse is
released, with no script run during the drag; the release sets the value in the link."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import docs_screenshot, no_exception, wait_ready

pytestmark = pytest.mark.browser

VIEW = "[data-testid='live-drag']"
# counts the script runs that start from now on: Streamlit marks the app 'running' for each
COUNT_RUNS = """() => { window.__runs = 0;
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'running') window.__runs++; })
        .observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] }); }"""


def dragged_points(page) -> str:
    return page.locator(f"{VIEW} svg.map polyline.dragged").get_attribute("points")


def loss_points(page) -> str:
    return page.locator(f"{VIEW} svg.loss polyline.dragged").get_attribute("points")


def thumb_x(box: dict, index: int, count: int) -> float:
    """Where stop ``index`` of ``count`` lies on a range input (the thumb is ~16 px wide)."""
    return box["x"] + 8 + (box["width"] - 16) * index / max(count - 1, 1)


def drag(page, slider, to_index: int, check_midway) -> None:
    """Press on the thumb, move in several steps to stop ``to_index``, call ``check_midway`` with the
    mouse still down, then release."""
    slider.scroll_into_view_if_needed()
    count = int(slider.get_attribute("max")) + 1
    start = int(slider.input_value())
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(thumb_x(box, start, count), y)
    page.mouse.down()
    for k in range(1, 9):
        page.mouse.move(thumb_x(box, start + (to_index - start) * k / 8, count), y)
        page.wait_for_timeout(30)
    check_midway()
    page.mouse.up()


def test_dragging_the_learning_rate_moves_the_path_without_a_rerun_and_release_sets_the_link(page, app_url):
    page.goto(f"{app_url}/?compare.live=1")
    wait_ready(page, timeout=90_000)
    page.locator(f"{VIEW} input[type=range]").first.wait_for(timeout=60_000)
    wait_ready(page)
    no_exception(page)
    lr = page.locator(f"{VIEW} input[data-name='lr']")
    assert page.locator(f"{VIEW} input[type=range]").count() == 2  # SGD: lr and μ
    before, loss_before = dragged_points(page), loss_points(page)
    readout_before = page.locator(f"{VIEW} .readout").first.text_content()
    assert readout_before.startswith("0.95 · ")  # the page's SGD lr (0.95), on the live grid
    page.evaluate(COUNT_RUNS)
    target = int(lr.input_value()) - 3  # three stops down the 1-2-5 grid: 0.5, 0.2, 0.1

    def midway():
        assert dragged_points(page) != before  # the path follows the thumb ...
        assert loss_points(page) != loss_before  # ... and so does the loss curve
        assert page.locator(f"{VIEW} .readout").first.text_content().startswith("0.1 · ")
        assert page.evaluate("window.__runs") == 0  # ... with no script run

    drag(page, lr, target, midway)
    page.wait_for_url(re.compile(r"compare\.o0\.lr=0\.1(&|$)"), timeout=30_000)
    wait_ready(page)
    assert page.evaluate("window.__runs") >= 1  # the release ran the page once
    no_exception(page)
    # the page's own control and its legend took the value
    assert page.locator(".js-plotly-plot .legendtext").filter(has_text="1. SGD (lr=0.1)").count() == 1
    assert page.locator(f"{VIEW} .readout").first.text_content().startswith("0.1 · ")
    assert page.js_errors == []


def test_dragging_momentum_of_adam_moves_its_path_and_sets_beta1(page, app_url):
    page.goto(f"{app_url}/?compare.live=1")
    wait_ready(page, timeout=90_000)
    page.locator(f"{VIEW} input[type=range]").first.wait_for(timeout=60_000)
    wait_ready(page)
    menu = page.locator("[data-testid='stSelectbox']").filter(has_text="Optimizer to drag")
    menu.scroll_into_view_if_needed()
    menu.click()
    page.get_by_role("option", name="4. Adam").click()
    page.locator(f"{VIEW} input[data-name='beta1']").wait_for(timeout=30_000)
    wait_ready(page)
    beta1 = page.locator(f"{VIEW} input[data-name='beta1']")
    page.locator(VIEW).evaluate("e => e.scrollIntoView({block: 'center'})")  # the whole view in the screenshot
    before = dragged_points(page)
    page.evaluate(COUNT_RUNS)
    values = int(beta1.get_attribute("max")) + 1
    shots = []

    def midway():
        assert dragged_points(page) != before
        assert page.evaluate("window.__runs") == 0
        shots.append(docs_screenshot(page, "compare_live_drag"))

    drag(page, beta1, values // 2, midway)  # from β₁ = 0.9 down to about 0.5
    page.wait_for_url(re.compile(r"compare\.o3\.beta1=0\.[0-9]+"), timeout=30_000)
    wait_ready(page)
    no_exception(page)
    assert shots and page.js_errors == []
