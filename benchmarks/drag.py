"""Drag and see, measured: frames per second while a slider is dragged, and script reruns during the drag.

Starts the app and benchmarks/minimal_app.py (a one-slider, one-contour Streamlit app) on free ports and
drives each in Debian's Chromium with Playwright.  In each scenario the mouse presses a slider's thumb,
sweeps it back and forth for ``--seconds`` (a Playwright mouse move every few milliseconds), then
releases it.  The browser records, during the drag:

- frames: ``requestAnimationFrame`` callbacks (what the browser painted) per second, and the longest gap;
- chart updates: changes of the drawn path (Compare's live view: the dragged polyline's ``points``; the
  minimal app: its chart's title, which shows the slider's value) per second;
- input → frame: for each ``input`` event of the slider, the time to the next painted frame;
- reruns: how often Streamlit's script state turned to ``running`` (must be 0 for the live view).

How many path updates a second a mouse drag shows is bounded by how fast Playwright sends moves (under
load, 25–50 a second here), so for the live view it also measures what the page itself sustains: the
slider stepped one stop on every animation frame by script, counting frames and frames that showed a
new path.

After the release it records the time until the page has rerun with the value (the chart redrawn, the
script finished): the one round trip a drag costs.  Prints a table and each figure of Compare's live
view as a ratio to the minimal app's, measured in the same run.

    .venv/bin/python benchmarks/drag.py                 # 3 s drags
    .venv/bin/python benchmarks/drag.py --seconds 5 --json out.json
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

from benchmarks.latency import SIX  # noqa: E402
from comparison.codec import query_for  # noqa: E402
from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, start_app  # noqa: E402

READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
LIVE = "[data-testid='live-drag']"

# the live view lives in a shadow root (its styles are isolated): look inside every open one
DEEP = """(selector) => { const roots = [document];
    for (const host of document.querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
    for (const root of roots) { const found = root.querySelector(selector); if (found) return found; }
    return null; }"""
# found once and kept (a search of every shadow root each frame would cost frames itself)
LIVE_SHOWN = ("() => { if (!window.__line || !window.__line.isConnected) window.__line = (" + DEEP
              + ")(\"[data-testid='live-drag'] svg.map polyline.dragged\");"
              " return window.__line ? window.__line.getAttribute('points') : null; }")
# Installs the recorders.  `shown()` returns what the chart shows now (compared each frame); `slider`
# is the element whose input events are timed (null: none is reachable, Streamlit's own slider).
RECORD = """([shownSource, sliderSelector]) => {
    const shown = new Function('return (' + shownSource + ')()');
    const rec = window.__drag = { frames: [], changes: [], inputs: [], inputToFrame: [], runs: 0, on: true };
    const app = document.querySelector("[data-testid='stApp']");
    new MutationObserver(() => { if (rec.on && app.getAttribute('data-test-script-state') === 'running') rec.runs++; })
        .observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] });
    let last = shown();
    const tick = (now) => {
        if (!rec.on) return;
        rec.frames.push(now);
        const value = shown();
        if (value !== last) { rec.changes.push(now); last = value; }
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    if (sliderSelector) {
        const slider = (""" + DEEP + """)(sliderSelector + ' input[data-name="lr"]');
        slider.addEventListener('input', () => {
            const t = performance.now(); rec.inputs.push(t);
            requestAnimationFrame(() => rec.inputToFrame.push(performance.now() - t));
        }, true);
    }
}"""

# The page's capacity, apart from how fast Playwright can move the mouse: for `ms` milliseconds, on every
# animation frame, step the live lr slider one stop (back and forth) and fire its input event; count the
# frames and the frames that showed a new path.
PER_FRAME = """([ms]) => new Promise((resolve) => {
    const slider = (""" + DEEP + """)("[data-testid='live-drag'] input[data-name='lr']");
    const line = (""" + DEEP + """)("[data-testid='live-drag'] svg.map polyline.dragged");
    const top = Number(slider.max), first = Number(slider.value);
    let frames = 0, changed = 0, last = line.getAttribute('points'), dir = -1, t0 = null;
    const tick = (now) => {
        if (t0 === null) t0 = now;
        const points = line.getAttribute('points');
        if (frames > 0 && points !== last) changed++;
        last = points; frames++;
        if (now - t0 >= ms) {
            slider.value = first; slider.dispatchEvent(new Event('input'));
            resolve({ frames_per_s: frames / ((now - t0) / 1000), path_updates_per_s: changed / ((now - t0) / 1000) });
            return;
        }
        let v = Number(slider.value) + dir;
        if (v < 0 || v > top) { dir = -dir; v = Number(slider.value) + dir; }
        slider.value = v; slider.dispatchEvent(new Event('input'));
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})"""

MINIMAL_SHOWN = """() => { const t = document.querySelector('.js-plotly-plot .gtitle');
    return t ? t.textContent : null; }"""


def find_live_slider(page):
    return page.locator(f"{LIVE} input[data-name='lr']")


def sweep(page, slider, seconds: float) -> tuple[float, float]:
    """Hold the thumb and sweep it end to end and back for ``seconds``, one slider stop per mouse move;
    returns (t0, t1) in page time (ms) of the first and last move, with the mouse still down."""
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    left, right = box["x"] + 8, box["x"] + box["width"] - 8
    page.mouse.move(left + (right - left) * 0.5, y)
    page.mouse.down()
    t0 = page.evaluate("() => performance.now()")
    end = time.time() + seconds
    # one stop per move (the live range's max, Streamlit's aria-valuemax): every move changes the value
    stops = slider.get_attribute("max") or slider.get_attribute("aria-valuemax")
    low = slider.get_attribute("min") or slider.get_attribute("aria-valuemin") or "0"
    step = max((right - left) / max(float(stops) - float(low), 1.0), 2.0)
    # each sweep is one Playwright call that sends its moves back to back (no Python round trip per move)
    ends, k = (left, right), 0
    page.mouse.move(left, y, steps=max(int((right - left) / 2 / step), 1))
    while time.time() < end:
        k += 1
        page.mouse.move(ends[k % 2], y, steps=max(int((right - left) / step), 1))
    t1 = page.evaluate("() => performance.now()")
    return t0, t1


def summary(rec: dict, t0: float, t1: float) -> dict:
    span = (t1 - t0) / 1000.0
    frames = [f for f in rec["frames"] if t0 <= f <= t1]
    gaps = [b - a for a, b in zip(frames, frames[1:])]
    changes = [c for c in rec["changes"] if t0 <= c <= t1]
    lag = rec["inputToFrame"]
    return {
        "drag_s": span,
        "frames_per_s": len(frames) / span if span else 0.0,
        "longest_frame_gap_ms": max(gaps) if gaps else None,
        "chart_updates_per_s": len(changes) / span if span else 0.0,
        "chart_updates": len(changes),
        "input_events": len([i for i in rec["inputs"] if t0 <= i <= t1]),
        "input_events_per_s": len([i for i in rec["inputs"] if t0 <= i <= t1]) / span if span else 0.0,
        "input_to_frame_median_ms": statistics.median(lag) if lag else None,
        "input_to_frame_max_ms": max(lag) if lag else None,
        "reruns_during_drag": rec["runs"],
    }


def measure(page, url: str, shown: str, live: bool, seconds: float) -> dict:
    page.goto(url)
    page.wait_for_selector(READY, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    if live:
        find_live_slider(page).wait_for(timeout=60_000)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_timeout(1000)
    slider = find_live_slider(page) if live else page.get_by_role("slider").first
    capacity = page.evaluate(PER_FRAME, [seconds * 1000]) if live else None
    page.evaluate(RECORD, [shown, LIVE if live else None])
    t0, t1 = sweep(page, slider, seconds)
    result = summary(page.evaluate("() => window.__drag"), t0, t1)
    result["one_stop_per_frame"] = capacity
    # the release: one rerun, with the value; time until the chart shows it and the script has finished
    before = page.evaluate(shown)
    url_before = page.url
    released = page.evaluate("() => performance.now()")
    page.mouse.up()
    page.wait_for_function(
        """([source, before, urlBefore, live]) => {
            const now = new Function('return (' + source + ')()')();
            const app = document.querySelector("[data-testid='stApp']");
            const settled = app.getAttribute('data-test-script-state') === 'notRunning';
            return settled && window.__drag.runs > 0 && (live ? location.href !== urlBefore : now !== before);
        }""",
        arg=[shown, before, url_before, live], timeout=60_000)
    result["release_to_rerun_done_s"] = (page.evaluate("() => performance.now()") - released) / 1000.0
    result["url_after_release"] = page.url.split("?", 1)[-1] if live else None
    page.evaluate("() => { window.__drag.on = false; }")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each drag (default 3)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    minimal, minimal_url = start_app("benchmarks/minimal_app.py")
    app, app_url = start_app("app.py")
    scenarios = [
        ("minimal app: drag its Streamlit slider", minimal_url, MINIMAL_SHOWN, False),
        ("Compare live view, default (4 optimizers x 30 steps): drag lr of optimizer 1",
         f"{app_url}/?compare.live=1", LIVE_SHOWN, True),
        ("Compare live view, 6 optimizers x 300 steps (Rosenbrock): drag lr of optimizer 1",
         f"{app_url}/?{urlencode({**query_for(SIX), 'compare.live': '1'})}", LIVE_SHOWN, True),
    ]
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, url, shown, live in scenarios:
                page = browser.new_page(viewport={"width": 1280, "height": 1100})
                r = results[name] = measure(page, url, shown, live, args.seconds)
                print(f"{name}: {r['frames_per_s']:.1f} frames/s (longest gap {r['longest_frame_gap_ms']:.0f} ms), "
                      f"{r['chart_updates_per_s']:.1f} chart updates/s, {r['reruns_during_drag']} reruns during "
                      f"the drag; release to rerun done {r['release_to_rerun_done_s']:.3f} s", flush=True)
                if r["one_stop_per_frame"]:
                    c = r["one_stop_per_frame"]
                    print(f"  one stop per frame (no mouse): {c['frames_per_s']:.1f} frames/s, "
                          f"{c['path_updates_per_s']:.1f} path updates/s", flush=True)
                page.close()
            browser.close()
    finally:
        for proc in (minimal, app):
            proc.terminate()
            proc.wait(timeout=10)
    base = results[scenarios[0][0]]
    print("\nscenario | frames/s | longest gap (ms) | chart updates/s | slider input events/s"
          " | input→frame median / max (ms)"
          " | reruns during drag | release→rerun done (s) | ratio to minimal")
    for name, r in results.items():
        lag = ("—" if r["input_to_frame_median_ms"] is None
               else f"{r['input_to_frame_median_ms']:.1f} / {r['input_to_frame_max_ms']:.1f}")
        inputs = f"{r['input_events_per_s']:.1f}" if r["input_to_frame_median_ms"] is not None else "—"
        print(f"{name} | {r['frames_per_s']:.1f} | {r['longest_frame_gap_ms']:.0f} | {r['chart_updates_per_s']:.1f}"
              f" | {inputs} | {lag} | {r['reruns_during_drag']} | {r['release_to_rerun_done_s']:.3f}"
              f" | {r['release_to_rerun_done_s'] / base['release_to_rerun_done_s']:.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
