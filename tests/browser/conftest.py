"""Real-browser fixtures: the app served on a free port, and Debian's Chromium driven by Playwright.

Chromium is found at $DESCENT_LAB_CHROMIUM (default /usr/bin/chromium).  In CI (CI=true) a missing
browser is an error; elsewhere the browser tests skip and say so loudly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, start_app

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _browser_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    for item in items:  # every test in this folder drives the browser (`make test-fast` leaves them out)
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
    if _browser_available():
        return
    if IN_CI:
        raise pytest.UsageError(f"CI=true but no Chromium at {CHROMIUM}: the browser tests must run in CI")
    reason = f"NO BROWSER: Chromium not found at {CHROMIUM} (set DESCENT_LAB_CHROMIUM); browser tests SKIPPED"
    config.get_terminal_writer().line("\n" + "!" * 100 + f"\n{reason}\n" + "!" * 100, red=True, bold=True)
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def app_url():
    proc, url = start_app()
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    yield pg
    context.close()


