"""A shared deep link works on a freshly started server: the page runs inside app.py's frame."""

from __future__ import annotations

import subprocess

import pytest

from tests.browser.helpers import no_exception, start_app, wait_ready


@pytest.fixture
def fresh_server():
    proc, url = start_app()
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.mark.browser
def test_first_request_to_a_deep_link_gets_the_whole_app(fresh_server, page):
    # the very first request this server sees is a deep link with state and the Chinese UI
    page.goto(f"{fresh_server}/sweep?lang=zh&sweep.steps=120", wait_until="domcontentloaded")
    wait_ready(page, timeout=60_000)
    no_exception(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.get_by_text("语言").count() >= 1  # app.py's language switch is there, in Chinese
    assert page.locator("[data-testid='stTopNav']").get_by_text("探索").count() >= 1  # the menu, in Chinese
    assert "sweep.steps=120" in page.url
