"""Every page in Chinese in Chromium at a projector's 1280×800, with a CJK font installed (without one
Chromium draws the characters as empty boxes): drawn without an error, a Chinese title, and a
screenshot of each for docs/screenshots/<page>_zh.png (copied there with DESCENT_LAB_UPDATE_DOCS=1)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser.helpers import docs_screenshot, no_exception, wait_ready
from ui.navigation import available_pages

pytestmark = pytest.mark.browser

# the Chinese title of each page as the menu shows it, and the name of its screenshot
PAGES = [(p.path.removeprefix("app_pages/").removesuffix(".py"), p) for p in available_pages()]
SHOT = {"compare": "compare_zh", "gradient_check": "learn_gradient_check_zh",
        "initialization": "learn_initialization_zh", "train_network": "learn_train_network_zh"}


def cjk_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return "CJK" in subprocess.run(["fc-list"], capture_output=True, text=True).stdout


def test_a_cjk_font_is_installed_for_the_chinese_pages():
    # .ci/run installs fonts-noto-cjk; without it Chromium draws Chinese as empty boxes
    assert cjk_font_installed(), "no CJK font: install fonts-noto-cjk (.ci/run does)"


@pytest.mark.parametrize("name, info", PAGES, ids=[name for name, _ in PAGES])
def test_each_page_in_chinese_at_a_projectors_size(browser, app_url, name, info):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        path = "" if info.default else name
        page.goto(f"{app_url}/{path}?lang=zh")
        wait_ready(page, timeout=120_000)
        page.wait_for_selector("[data-testid='stMain'] h2, [data-testid='stMain'] h1", timeout=60_000)
        if page.locator(".js-plotly-plot").count():
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
        wait_ready(page)
        no_exception(page)
        # the title is Chinese (the font that draws it: test_a_cjk_font_is_installed_for_the_chinese_pages)
        title = page.locator("[data-testid='stMain'] h1, [data-testid='stMain'] h2").first
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title.inner_text())
        docs_screenshot(page, SHOT.get(name, f"{name}_zh"))
    finally:
        context.close()
