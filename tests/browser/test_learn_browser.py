"""The three learn pages in Chromium: they render without exceptions, every control is in the
sidebar, controls redraw the charts, training starts on Train and can be stopped and continued, the
language switch works; screenshots of each page at 1280×800, in English and in Chinese."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import docs_screenshot, no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser
VIEW = {"width": 1280, "height": 800}


def open_page(page, app_url: str, path: str, chart: bool = True) -> None:
    page.set_viewport_size(VIEW)
    # the app's root first: it registers the navigation, so a page URL then runs inside the app
    page.goto(app_url)
    wait_ready(page, timeout=60_000)
    page.goto(f"{app_url}/{path}")
    wait_ready(page, timeout=90_000)
    if chart:
        page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)


def legend(page, chart: int = 0) -> list[str]:
    # SVG text has no innerText: read textContent
    return page.locator(".js-plotly-plot").nth(chart).locator("text.legendtext").evaluate_all(
        "els => els.map(e => e.textContent)")


def settle(page) -> None:
    page.wait_for_timeout(300)  # let the click reach the server before waiting for the run to finish
    wait_ready(page, timeout=90_000)


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def main(page):
    return page.get_by_test_id("stMainBlockContainer")


def in_chinese(page) -> None:
    page.get_by_text("简体中文").click()
    settle(page)


def test_gradient_check(page, app_url):
    open_page(page, app_url, "gradient_check")
    no_exception(page)
    expect(page.get_by_text("Relative error against h", exact=False)).to_be_visible()
    names = legend(page)
    assert {f"{s} · {p}" for s in ("forward", "centered") for p in ("float64", "float32")} <= set(names)
    # four error curves plus two slope guides, each a drawn line
    assert page.locator(".js-plotly-plot .scatterlayer .trace").count() == 6
    expect(sidebar(page).get_by_text("float32 (single)")).to_be_visible()  # the controls: in the sidebar
    assert main(page).get_by_text("float32 (single)").count() == 0
    screenshot(page, "learn_gradient_check")

    sidebar(page).get_by_text("float32 (single)").click()
    settle(page)
    expect(page.locator(".js-plotly-plot text.legendtext")).to_have_text(
        ["forward · float64", "centered · float64", "slope 1: O(h)", "slope 2: O(h²)"])

    sidebar(page).get_by_text("With a kink").click()
    settle(page)
    no_exception(page)
    expect(page.get_by_text("away from the kink", exact=False)).to_be_visible()
    screenshot(page, "learn_gradient_check_kink")
    assert "gradient_check.family=kink" in page.url

    in_chinese(page)
    expect(main(page).get_by_role("heading", name="梯度检验")).to_be_visible()
    assert "前向差分 · float64" in legend(page)

    # a Chinese link opens the same view in Chinese (a fresh page: Streamlit keeps a select box's old
    # label after a language switch)
    open_page(page, app_url, "gradient_check?lang=zh&gradient_check.family=kink")
    kink = "|x| + y²/2（类似 SVM 的合页损失）"
    expect(sidebar(page).get_by_role("combobox", name="带不可导点的函数")).to_have_value(kink)
    expect(main(page).get_by_text(kink, exact=False)).to_be_visible()  # the chart's title too
    screenshot(page, "learn_gradient_check_zh")
    assert not page.js_errors, page.js_errors


def test_initialization(page, app_url):
    open_page(page, app_url, "initialization")
    no_exception(page)
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator("text.gtitle, .annotation-text").first).to_be_visible()
    assert chart.locator(".barlayer .trace").count() == 5
    expect(page.get_by_text("Saturated:", exact=False)).to_be_visible()
    screenshot(page, "learn_initialization")

    sidebar(page).get_by_text("Batch normalization").first.click()
    settle(page)
    no_exception(page)
    assert page.locator(".js-plotly-plot").first.locator(".barlayer .trace").count() == 10
    assert "initialization.bn=1" in page.url
    screenshot(page, "learn_initialization_batchnorm")

    in_chinese(page)
    expect(main(page).get_by_role("heading", name="权重初始值与激活值分布")).to_be_visible()
    open_page(page, app_url, "initialization?lang=zh&initialization.bn=1")
    expect(sidebar(page).get_by_role("combobox", name="权重初始值")).to_have_value("高斯分布，标准差 1")
    screenshot(page, "learn_initialization_zh")
    assert not page.js_errors, page.js_errors


def press(page, name: str) -> None:
    main(page).get_by_role("button", name=name, exact=True).click()


def test_train_network(page, app_url):
    open_page(page, app_url, "train_network", chart=False)
    no_exception(page)
    expect(page.get_by_text("Press Train", exact=False)).to_be_visible()
    assert page.locator(".js-plotly-plot").count() == 0  # nothing trains until Train is pressed
    expect(sidebar(page).get_by_role("spinbutton", name="Epochs")).to_be_visible()
    screenshot(page, "learn_train_network_before")

    press(page, "Train")
    expect(page.get_by_text(re.compile(r"Trained 100 epochs in [\d.]+ s"))).to_be_visible(timeout=120_000)
    wait_ready(page, timeout=90_000)
    no_exception(page)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3)
    assert any(n.startswith("Adam") for n in legend(page, 0))
    done = page.get_by_text(re.compile("Trained 100 epochs")).inner_text()
    seconds = float(re.search(r"in ([\d.]+) s", done)[1])
    print(f"browser: 2 optimizers × 100 epochs on 420 spiral points trained in {seconds:.1f} s")
    screenshot(page, "learn_train_network")
    charts.nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "learn_train_network_boundary")
    page.get_by_text("Sanity checks before training").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "learn_train_network_checks")

    in_chinese(page)
    expect(main(page).get_by_role("heading", name="训练小型网络")).to_be_visible()
    expect(page.get_by_text(re.compile(r"已训练 100 轮"))).to_be_visible()
    main(page).get_by_role("heading", name="训练小型网络").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "learn_train_network_zh")
    assert not page.js_errors, page.js_errors


def test_train_network_can_be_stopped_and_continued(page, app_url):
    open_page(page, app_url, "train_network", chart=False)
    epochs = sidebar(page).get_by_role("spinbutton", name="Epochs")
    epochs.fill("1000")
    epochs.press("Enter")
    settle(page)
    assert "train_network.epochs=1000" in page.url

    press(page, "Train")
    expect(page.get_by_text(re.compile(r"Epoch \d+ of 1000"))).to_be_visible(timeout=60_000)
    page.wait_for_timeout(500)
    press(page, "Stop")
    expect(page.get_by_text(re.compile(r"Stopped at epoch \d+ of 1000"))).to_be_visible(timeout=60_000)
    wait_ready(page, timeout=90_000)
    no_exception(page)
    notice = page.get_by_text(re.compile("Stopped at epoch")).inner_text()
    stopped = int(re.search(r"epoch (\d+) of", notice)[1])
    assert 1 <= stopped < 1000
    assert page.locator(".js-plotly-plot").count() == 3  # the curves so far, the boundary, the ratios
    screenshot(page, "learn_train_network_stopped")

    press(page, "Continue")  # trains on from the checkpoint, until the time limit pauses it (or to the end)
    after = re.compile(r"Computed \d+ of 1000 epochs|Trained 1000 epochs")
    expect(page.get_by_text(after)).to_be_visible(timeout=60_000)
    wait_ready(page, timeout=90_000)
    no_exception(page)
    text = page.get_by_text(after).first.inner_text()
    epoch = 1000 if text.startswith("Trained") else int(re.search(r"Computed (\d+) of", text)[1])
    assert stopped < epoch <= 1000
    assert not page.js_errors, page.js_errors


def top(locator) -> None:
    """Scroll so that ``locator`` is at the top of the view (the table and the sentences below it in frame)."""
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")


def test_train_network_notes_comparison_in_one_click(page, app_url):
    """Issue #15 item 11: the lesson button sets note 004's experiment and trains it; the comparison table
    and its ranking appear in English and in Chinese (the docs' screenshots)."""
    open_page(page, app_url, "train_network", chart=False)
    page.get_by_role("button", name="Lesson: the notes' optimizer comparison").click()
    expect(page.get_by_text(re.compile(r"Trained 10 epochs in [\d.]+ s"))).to_be_visible(timeout=120_000)
    wait_ready(page, timeout=90_000)
    no_exception(page)
    assert "train_network.defaults=keras" in page.url and "train_network.data=digits" in page.url
    assert len(legend(page, 0)) == 16  # eight runs, training and validation each
    expect(page.get_by_text(re.compile(r"First to 90% validation accuracy: "))).to_be_visible()
    top(page.get_by_role("heading", name="Comparison: speed of convergence and final quality"))
    page.wait_for_timeout(400)
    docs_screenshot(page, "learn_train_compare")

    in_chinese(page)
    heading = main(page).get_by_role("heading", name="比较：收敛速度与最终质量")
    expect(heading).to_be_visible()
    expect(page.get_by_text(re.compile("最先达到 90% 验证准确率的是"))).to_be_visible()
    top(heading)
    page.wait_for_timeout(400)
    docs_screenshot(page, "learn_train_compare_zh")
    assert not page.js_errors, page.js_errors
