"""Latency of the Compare page in a real browser: from a control change to the new chart drawn.

Starts the app and benchmarks/minimal_app.py (a one-slider, one-contour Streamlit app) on free ports,
drives each in Debian's Chromium with Playwright, and for each scenario changes a slider N times
(focus + ArrowRight/ArrowLeft), timing in the browser (on every animation frame) from the key press to
the moment the chart shows the new state (its title or legend text changed: the new chart is drawn),
and to the moment the script has also finished (Streamlit's run state).  Prints the median and p95 per
scenario and the ratio of the Compare page's medians to the minimal app's.

    .venv/bin/python benchmarks/latency.py            # N = 20 changes per scenario
    .venv/bin/python benchmarks/latency.py --n 40 --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from comparison.codec import query_for  # noqa: E402
from comparison.config import CompareConfig, OptimizerConfig  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402
from ui.strings import CATALOGUE  # noqa: E402

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
# the text that changes when the chart is redrawn: the minimal app's title, the Compare legend
CHART_TEXT = """() => { const p = document.querySelector('.js-plotly-plot');
    if (!p) return null;
    return Array.from(p.querySelectorAll('.gtitle, .legendtext')).map(e => e.textContent).join('|'); }"""
# polls on every animation frame; returns [t_drawn, t_idle]: when the first chart first shows a text
# different from `before` (the new chart is drawn), and when the script has also finished
WATCH = """(before) => { window.__latency = new Promise((resolve) => {
    let drawn = null;
    const text = () => { const p = document.querySelector('.js-plotly-plot'); if (!p) return null;
        return Array.from(p.querySelectorAll('.gtitle, .legendtext')).map(e => e.textContent).join('|'); };
    const tick = () => {
        const now = performance.now();
        if (drawn === null && text() !== null && text() !== before) drawn = now;
        const app = document.querySelector("[data-testid='stApp']");
        if (drawn !== null && app && app.getAttribute('data-test-script-state') === 'notRunning') {
            resolve([drawn, now]); return; }
        requestAnimationFrame(tick); };
    requestAnimationFrame(tick); }); }"""

SIX = CompareConfig(
    tuple(
        OptimizerConfig(kind, (("lr", lr),))
        for kind, lr in (
            ("sgd", 1e-3),
            ("momentum", 1e-3),
            ("nesterov", 1e-3),
            ("adam", 0.1),
            ("rmsprop", 0.01),
            ("adagrad", 0.5),
        )
    ),
    "rosenbrock",
    start=(-2.0, 2.0),
    steps=300,
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(page, url: str, scope: str, n: int, expand: str | None = None) -> tuple[list[float], list[float]]:
    """Open ``url``, move the slider ``n`` times (right, left, ...); seconds until each new chart was drawn,
    and until the script had also finished."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    container = page.locator(scope)
    if expand:  # the first panel with this title (an optimizer's settings): open it
        container = container.filter(has_text=expand).first
        container.locator("summary").click()
        page.wait_for_timeout(300)
        page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(800)
    slider = container.get_by_role("slider").first
    slider.wait_for(timeout=30_000)
    drawn, idle = [], []
    for i in range(n + 2):  # the first two are warm-up
        before = page.evaluate(CHART_TEXT)
        slider.focus()
        start = page.evaluate("() => performance.now()")
        page.evaluate(WATCH, before)  # starts polling before the key is pressed
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        t_drawn, t_idle = page.evaluate("() => window.__latency")
        if i >= 2:
            drawn.append((t_drawn - start) / 1000.0)
            idle.append((t_idle - start) / 1000.0)
        page.wait_for_timeout(250)
    return drawn, idle


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20, help="slider changes per scenario (default 20)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    minimal, minimal_url = start_app("benchmarks/minimal_app.py")
    app, app_url = start_app("app.py")
    # optimizer 1's settings panel in the sidebar (its lr slider, not the sidebar's other sliders)
    panels = "[data-testid='stSidebar'] [data-testid='stExpander']"
    settings = CATALOGUE["compare.settings"]["en"]
    scenarios = [
        ("minimal app: one slider, one contour", minimal_url, "body", None),
        (
            "Compare, default view (4 optimizers x 30 steps): lr of optimizer 1",
            app_url,
            panels,
            settings,
        ),
        (
            "Compare, 6 optimizers x 300 steps (Rosenbrock): lr of optimizer 1",
            f"{app_url}/?{urlencode(query_for(SIX))}",
            panels,
            settings,
        ),
    ]
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, url, selector, expand in scenarios:
                page = browser.new_page(viewport={"width": 1280, "height": 1100})
                t0 = time.time()
                drawn, idle = measure(page, url, selector, args.n, expand)
                r = results[name] = {
                    "median_s": statistics.median(drawn),
                    "p95_s": percentile(drawn, 0.95),
                    "idle_median_s": statistics.median(idle),
                    "idle_p95_s": percentile(idle, 0.95),
                    "n": len(drawn),
                    "wall_s": time.time() - t0,
                }
                print(
                    f"{name}: chart drawn median {r['median_s']:.3f} s, p95 {r['p95_s']:.3f} s; "
                    f"script finished median {r['idle_median_s']:.3f} s (n = {len(drawn)})",
                    flush=True,
                )
                page.close()
            browser.close()
    finally:
        for proc in (minimal, app):
            proc.terminate()
            proc.wait(timeout=10)
    base = results[scenarios[0][0]]
    print("\nscenario | chart drawn: median (s) | p95 (s) | ratio to minimal | script finished: median (s)"
          " | ratio")
    for name, r in results.items():
        print(f"{name} | {r['median_s']:.3f} | {r['p95_s']:.3f} | {r['median_s'] / base['median_s']:.2f}x"
              f" | {r['idle_median_s']:.3f} | {r['idle_median_s'] / base['idle_median_s']:.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
