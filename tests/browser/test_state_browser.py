"""State that survives, in a real browser: a page keeps its settings when the user visits another page
through the menu and comes back, and the browser's Back and Forward restore the views they passed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import no_exception, open_from_menu, wait_ready

pytestmark = pytest.mark.browser


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def wait_for_query(page, key: str, value: str | None, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "([k, v]) => new URLSearchParams(location.search).get(k) === v && "
        "document.querySelector(\"[data-testid='stApp'][data-test-script-state='notRunning']\")",
        arg=[key, value], timeout=timeout)
    wait_ready(page)


def steps_box(page):
    return page.locator("[data-testid='stSidebar'] [data-testid='stNumberInput'] input[aria-label='Steps']")


def test_a_page_keeps_its_settings_across_a_visit_to_another_page(app_url, page):
    page.goto(f"{app_url}/noise?noise.steps=150&noise.seeds=8")
    wait_ready(page)
    no_exception(page)
    expect(steps_box(page)).to_have_value("150", timeout=30_000)  # the page may still be on its first run
    open_from_menu(page, "schedules")
    page.wait_for_url("**/schedules**")
    wait_ready(page)
    assert "noise.steps" not in query(page)
    open_from_menu(page, "noise")
    wait_for_query(page, "noise.steps", "150")
    assert query(page).get("noise.seeds") == "8"
    expect(steps_box(page)).to_have_value("150", timeout=30_000)
    no_exception(page)


def test_back_and_forward_restore_the_views_they_pass(app_url, page):
    page.goto(f"{app_url}/noise?noise.steps=150")
    wait_ready(page)
    box = steps_box(page)
    box.fill("240")
    box.press("Enter")
    wait_for_query(page, "noise.steps", "240")
    page.go_back()  # the URL changes at once; the page follows after its rerun
    expect(steps_box(page)).to_have_value("150", timeout=30_000)
    wait_for_query(page, "noise.steps", "150")
    page.go_forward()
    expect(steps_box(page)).to_have_value("240", timeout=30_000)
    wait_for_query(page, "noise.steps", "240")
    no_exception(page)
