"""Compare's map in Chromium (issue #13): the ✕ notes as drawn do not overlap each other or the start,
and the map drawn to scale has as many pixels per unit of x as of y."""

from __future__ import annotations

import pytest

from tests.browser.helpers import no_exception, screenshot, wait_ready

pytestmark = pytest.mark.browser

# the four runs of the Himmelblau view, spelled out (the surface's defaults may change)
HIMMELBLAU = ("compare.surface=himmelblau&compare.x0=0&compare.y0=0&compare.o0.kind=sgd&compare.o0.lr=0.95"
              "&compare.o1.kind=momentum&compare.o1.lr=0.1&compare.o2.kind=adagrad&compare.o2.lr=1.5"
              "&compare.o3.kind=adam&compare.o3.lr=0.3")


def drawn(page, url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)
    wait_ready(page, timeout=90_000)
    page.wait_for_selector(".js-plotly-plot .legendtext", timeout=60_000)
    wait_ready(page)
    no_exception(page)


def boxes(page, selector: str) -> list[dict]:
    return page.locator(f".js-plotly-plot {selector}").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, text: e.textContent}; })"
    )


def apart(a: dict, b: dict) -> bool:
    return a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"] or b["y1"] <= a["y0"]


def test_diverged_notes_as_drawn_overlap_neither_each_other_nor_the_start(page, app_url):
    drawn(page, f"{app_url}/?{HIMMELBLAU}")
    notes = boxes(page, "g.annotation-text-g")
    # SGD and Momentum overflow within a few steps (their steps are the page's own: tests/test_compare_charts.py)
    assert len(notes) == 2 and all(n["text"].startswith("diverged at step ") for n in notes), notes
    assert apart(notes[0], notes[1]), notes
    # the start's ring and each ✕, where Plotly drew them (page pixels), 7 px around
    marks = page.evaluate(
        """() => { const gd = document.querySelector('.js-plotly-plot'), l = gd._fullLayout;
        const r = gd.getBoundingClientRect();
        return gd.data.filter(t => (t.xaxis || 'x') === 'x' && (t.name === 'start'
            || (t.marker && t.marker.symbol === 'x-thin-open')))
          .map(t => [r.left + l.xaxis._offset + l.xaxis.d2p(t.x[0]), r.top + l.yaxis._offset + l.yaxis.d2p(t.y[0])])
          .map(([x, y]) => ({x0: x - 7, y0: y - 7, x1: x + 7, y1: y + 7})); }"""
    )
    assert len(marks) == 3, marks  # the start and two ✕
    assert all(apart(n, m) for n in notes for m in marks), (notes, marks)
    screenshot(page, "compare_notes_himmelblau")
    assert page.js_errors == []


def test_the_map_to_scale_has_as_many_pixels_per_unit_of_x_as_of_y(page, app_url):
    for query in ("", "compare.surface=rosenbrock"):  # a 2:1 view and a square one
        drawn(page, f"{app_url}/?{query}")
        scale = page.evaluate(
            "() => { const l = document.querySelector('.js-plotly-plot')._fullLayout;"
            " return [l.xaxis._length / (l.xaxis.range[1] - l.xaxis.range[0]),"
            " l.yaxis._length / (l.yaxis.range[1] - l.yaxis.range[0])]; }"
        )
        assert scale[0] == pytest.approx(scale[1], rel=0.01), (query, scale)
    screenshot(page, "compare_to_scale_rosenbrock")
    assert page.js_errors == []
