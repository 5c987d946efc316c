"""Helpers for browser tests: start the app, wait for Streamlit, check for exceptions, screenshots."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("DESCENT_LAB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(script: str = "app.py", extra_args: tuple = ()) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run script`` on a free port and wait until it is healthy; return (process, url)."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra_args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def wait_ready(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished its run (and any charts are drawn)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(150)  # let Plotly finish drawing after the script stops


def no_exception(page) -> None:
    """Fail if the page shows a Streamlit exception box."""
    boxes = page.locator("[data-testid='stException']")
    assert boxes.count() == 0, boxes.first.inner_text()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def open_from_menu(page, path: str) -> None:
    """Click the navigation menu's link to the page at ``path`` ("" for Compare), as a user does: the
    menu is in the top bar, a drop-down per section."""
    link = page.locator(f"a[data-testid^='stTopNav'][href$='/{path}']").first
    page.locator("[data-testid='stTopNav']").wait_for(timeout=60_000)
    if not link.is_visible():
        sections = page.locator("[data-testid='stTopNavSection']")
        for i in range(sections.count()):
            sections.nth(i).click()
            try:
                link.wait_for(state="visible", timeout=1_000)
                break
            except Exception:  # not in this section: close it and try the next
                page.keyboard.press("Escape")
    link.click()


def docs_screenshot(page, name: str) -> Path:
    """A screenshot under test-artifacts/, also copied to docs/screenshots/ when DESCENT_LAB_UPDATE_DOCS=1
    (so a test run never changes tracked files unless asked to)."""
    path = screenshot(page, name)
    if os.environ.get("DESCENT_LAB_UPDATE_DOCS") == "1":
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        (docs / f"{name}.png").write_bytes(path.read_bytes())
    return path


def open_lesson(page, title: str, menu: str = "Lessons") -> None:
    """Open Compare's lesson ``title`` as a user does: the Lessons menu above the chart, then the lesson."""
    page.locator("[data-testid='stMain'] [data-testid='stPopover'] button", has_text=menu).first.click()
    page.get_by_role("button", name=title).last.click()
    page.keyboard.press("Escape")  # close the menu, so it does not cover the chart


def open_compare(page, url: str):
    """Open a Compare URL and wait until its chart and legend are drawn and the script has stopped."""
    page.goto(url)
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    wait_ready(page)
    return page
