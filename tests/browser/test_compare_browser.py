"""The Compare page in Chromium: it loads, redraws, takes clicks, restores links, downloads, translates."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.helpers import no_exception, open_compare, open_lesson, screenshot, wait_ready

pytestmark = pytest.mark.browser

MAP = ".js-plotly-plot"


open_page = open_compare  # the Compare page with its chart drawn (tests.browser.helpers)


def legend(page) -> list[str]:
    return page.locator(MAP).first.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)")


def wait_for_legend(page, text: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        """(t) => { const p = document.querySelector('.js-plotly-plot');
        const app = document.querySelector("[data-testid='stApp']");
        return p && app.getAttribute('data-test-script-state') === 'notRunning'
            && Array.from(p.querySelectorAll('.legendtext')).some(e => e.textContent === t); }""",
        arg=text,
        timeout=timeout,
    )


def test_loads_without_exception_and_changing_an_optimizer_redraws(page, app_url):
    open_page(page, app_url)
    no_exception(page)
    assert page.js_errors == []
    names = {"1. SGD (lr=0.95)", "2. Momentum (lr=0.1)", "3. AdaGrad (lr=1.5)", "4. Adam (lr=0.3)"}
    assert names <= set(legend(page))
    assert page.locator(f"{MAP} .slider-container").count() == 1  # the animation's step slider
    screenshot(page, "compare_default")
    page.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").first.click()
    wait_ready(page)
    slider = page.locator("[data-testid='stSidebar'] [data-testid='stExpander']").first.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("ArrowRight")  # the 1-2-5 grid with the box's value on it: 0.95, then 1
    wait_for_legend(page, "1. SGD (lr=1)")
    no_exception(page)
    assert "compare.o0.lr=1" in page.url
    assert page.js_errors == []


def test_clicking_the_map_moves_the_start(page, app_url):
    open_page(page, app_url)
    start_x = page.get_by_role("spinbutton", name="start x")
    assert start_x.input_value() == "-7"
    page.get_by_text("Pick the start on the map").click()
    # the click layer (the figure's first trace) is there once the toggle is on
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p._fullData && p._fullData[0].name === 'click to start here'; }",
        timeout=30_000,
    )
    wait_ready(page)
    area = page.locator(f"{MAP} .draglayer .xy .nsewdrag").first.bounding_box()
    page.mouse.click(area["x"] + area["width"] * 0.75, area["y"] + area["height"] * 0.25)
    page.wait_for_function(
        "() => !document.querySelector('input[aria-label=\"start x\"]').value.startsWith('-7')",
        timeout=30_000,
    )
    wait_ready(page)
    x = float(start_x.input_value())
    y = float(page.get_by_role("spinbutton", name="start y").input_value())
    assert 3 < x < 7 and 1 < y < 4  # the map is x ∈ [-10, 10], y ∈ [-5, 5]
    assert "compare.x0=" in page.url and "compare.y0=" in page.url
    no_exception(page)


def test_a_copied_link_restores_the_view(page, app_url, browser):
    open_page(page, app_url)
    open_lesson(page, "3. Beale")
    wait_for_legend(page, "6. RMSprop (lr=0.01)")
    page.locator("[data-testid='stMain']").get_by_text("Share and download").click()
    wait_ready(page)
    link = page.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert "compare.surface=beale" in link and "compare.view=share" in link
    screenshot(page, "compare_preset_beale")
    other = browser.new_page(viewport={"width": 1280, "height": 1100})
    try:
        open_page(other, link)
        assert legend(other) == legend(page)
        assert other.get_by_text("Lesson: Beale").count() == 1
        no_exception(other)
    finally:
        other.close()


def test_csv_download_has_a_row_per_optimizer_and_step(page, app_url):
    open_page(page, f"{app_url}/?compare.view=share&compare.steps=12")
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Trajectories (CSV)").click()
    text = open(info.value.path(), encoding="utf-8").read()  # under a header of # lines (the settings)
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    assert list(rows[0]) == ["optimizer", "step", "x", "y", "loss", "lr", "grad_norm", "evaluations",
                            "diverged"]
    assert len(rows) == 4 * 13
    assert [r["evaluations"] for r in rows[:13]] == [str(k) for k in range(13)]  # one gradient per step
    assert [r["step"] for r in rows[:13]] == [str(k) for k in range(13)]
    assert rows[0]["optimizer"] == "1. SGD (lr=0.95)"
    assert float(rows[1]["x"]) == pytest.approx(-6.335)


def test_language_switch_changes_the_labels(page, app_url):
    open_page(page, app_url)
    page.get_by_text("简体中文").click()
    page.get_by_role("heading", name="比较优化器").wait_for(timeout=30_000)
    wait_ready(page)
    page.wait_for_function(
        "() => { const p = document.querySelector('.js-plotly-plot');"
        " return p && p.textContent.includes('学习率') && p.textContent.includes('播放'); }",
        timeout=30_000,
    )
    assert "lang=zh" in page.url
    no_exception(page)
    screenshot(page, "compare_zh")


def test_3d_view_draws(page, app_url):
    open_page(page, f"{app_url}/?compare.view=3d&compare.surface=rosenbrock&compare.steps=60")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
        ".some(p => p.querySelector('.gl-container canvas'))",
        timeout=60_000,
    )
    no_exception(page)
    page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    screenshot(page, "compare_3d")


def test_build_your_own_names_the_optimizer_it_equals_and_rules_show_phi_and_psi(page, app_url):
    open_page(page, f"{app_url}/?compare.o0.kind=framework&compare.o0.direction=ema&compare.o0.scale=ema_max"
                    "&compare.view=rules&lang=zh")
    no_exception(page)
    page.get_by_text("这就是 Adam（β₁ = 0.9, β₂ = 0.999, ε = 1e-08, amsgrad）：路径逐位相同。").wait_for(timeout=30_000)
    assert any(name.startswith("1. 自己组装 (lr=0.1") for name in legend(page))
    page.get_by_text("笔记中的通用框架").first.scroll_into_view_if_needed()
    screenshot(page, "compare_build_your_own_zh")
    assert page.js_errors == []
