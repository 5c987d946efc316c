"""Train a small network in a real browser: reduce on plateau's learning-rate chart and L-BFGS (full batch)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.helpers import no_exception, screenshot
from tests.browser.test_learn_browser import open_page, press

LINK = ("train_network?train_network.optimizers=lbfgs,adam&train_network.lbfgs.line_search_fn=strong_wolfe"
        "&train_network.epochs=40&train_network.schedule=plateau&train_network.sched.plateau.factor=0.5"
        "&train_network.sched.plateau.patience=3")


def test_train_network_plateau_and_lbfgs(page, app_url):
    open_page(page, app_url, LINK, chart=False)
    no_exception(page)
    press(page, "Train")
    expect(page.get_by_text(re.compile(r"Trained 40 epochs in [\d.]+ s"))).to_be_visible(timeout=120_000)
    no_exception(page)
    heading = page.get_by_role("heading", name="Learning rate per epoch")
    expect(heading).to_be_visible()
    expect(page.get_by_text(re.compile(r"used the full batch: each of its 40 epochs"))).to_be_visible()
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, "train2_plateau_lbfgs")
    assert not page.js_errors, page.js_errors
