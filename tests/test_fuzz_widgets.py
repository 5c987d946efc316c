"""Every widget on every page at its extremes: a student drags everything to the end of its range.

For each page listed in ``ui.navigation.PAGES`` whose file exists, one session (AppTest) makes a
seeded random walk over the widgets on screen: sliders and number boxes to their minimum and
maximum (±1e300 or ±(2⁵³−1) where a box is unbounded), each option of select boxes, radios and
select sliders, multiselects emptied and filled, checkboxes toggled, text boxes emptied, filled to
their limit and given garbage, buttons clicked.  State accumulates, as it does for a student, so
extremes combine (the longest steps at the finest grid); widgets that appear after a change are
explored too.  Every rerun must raise nothing and finish within ``RUN_LIMIT`` seconds.

The walk is time-boxed per page (``DESCENT_LAB_FUZZ_BUDGET`` seconds, default 6; set
``DESCENT_LAB_FUZZ=full`` for a 120-second walk per page) and seeded, so a failure names the exact
actions that led to it — and, when one action alone reproduces it on a fresh session, only that.
The slowest rerun of each page is written to test-artifacts/fuzz_widgets.json: it is how the
pages' caps (steps, grid sizes, batch sizes) were checked against "a few seconds".
"""

from __future__ import annotations

import json
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from ui.navigation import available_pages

# every widget of every page at its extremes: thorough and slow (`make test` runs it, `make test-fast` not)
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PAGES = [p.path for p in available_pages()]
FULL = os.environ.get("DESCENT_LAB_FUZZ", "") == "full"
BUDGET = float(os.environ.get("DESCENT_LAB_FUZZ_BUDGET", 120 if FULL else 6))
RUN_LIMIT = 15.0
APP_TIMEOUT = 90.0
BIG_FLOAT = 1e300
BIG_INT = 2**53 - 1  # the largest whole number a browser's number box holds exactly
TEXTS = ("", "(((", "x**", "学习率🙂", "1e308", "nan")
REPORT = ROOT / "test-artifacts" / "fuzz_widgets.json"
KINDS = ("slider", "select_slider", "number_input", "selectbox", "radio", "multiselect", "checkbox", "toggle",
         "text_input", "text_area", "button")


@dataclass(frozen=True)
class Action:
    kind: str
    key: str
    value: object
    raw: bool = False  # value is what the browser sends (formatted option labels), not a Python value

    def describe(self) -> str:
        shown = repr(self.value)
        return f"{self.kind} {self.key!r} -> {shown[:80]}"


def extremes(kind: str, w) -> list[Action]:
    """The ends of one widget's range (and, for choices, its options)."""
    key = w.key
    if kind == "slider":
        if isinstance(w.value, (tuple, list)):
            return [Action(kind, key, (w.min, w.min)), Action(kind, key, (w.max, w.max)),
                    Action(kind, key, (w.min, w.max))]
        return [Action(kind, key, w.min), Action(kind, key, w.max)]
    if kind == "select_slider":
        options = list(w.options)
        if isinstance(w.value, (tuple, list)):
            return [Action(kind, key, (options[0], options[-1]), raw=True)]
        return [Action(kind, key, (options[0],), raw=True), Action(kind, key, (options[-1],), raw=True)]
    if kind == "number_input":
        whole = isinstance(w.value, int) and not isinstance(w.value, bool)
        big = BIG_INT if whole else BIG_FLOAT
        low = w.min if w.min is not None else -big
        high = w.max if w.max is not None else big
        return [Action(kind, key, low), Action(kind, key, high)]
    if kind in ("selectbox", "radio"):
        return [Action(kind, key, option, raw=True) for option in w.options]
    if kind == "multiselect":
        options = list(w.options)
        most = options[: w.max_selections] if w.max_selections else options
        return [Action(kind, key, (), raw=True), Action(kind, key, tuple(most), raw=True)]
    if kind in ("checkbox", "toggle"):
        return [Action(kind, key, not w.value)]
    if kind in ("text_input", "text_area"):
        limit = getattr(w, "max_chars", None) or 2000
        return [Action(kind, key, text) for text in TEXTS] + [Action(kind, key, "9" * limit)]
    if kind == "button":
        return [Action(kind, key, True)]
    return []


def widgets(at: AppTest) -> dict[tuple[str, str], object]:
    """The keyed, enabled widgets on screen, by (kind, key)."""
    found = {}
    for kind in KINDS:
        for w in getattr(at, kind):
            if w.key and not getattr(w.proto, "disabled", False):
                found[(kind, w.key)] = w
    return found


def apply(at: AppTest, action: Action) -> bool:
    """Set the widget; False when it is no longer on the page."""
    w = widgets(at).get((action.kind, action.key))
    if w is None:
        return False
    if action.kind == "button":
        w.click()
    elif action.raw:
        value = action.value

        def fill(ws: WidgetState) -> None:
            if action.kind in ("select_slider", "multiselect"):
                ws.string_array_value.data[:] = list(value)
            else:
                ws.string_value = value

        class Raw(type(w)):
            @property
            def _widget_state(self):
                ws = WidgetState()
                ws.id = self.id
                fill(ws)
                return ws

        w.__class__ = Raw  # send exactly what the browser sends for this option
    else:
        w.set_value(action.value)
    return True


def fresh(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=APP_TIMEOUT)
    at.run()
    assert not at.exception, f"{path} fails on first load: {[e.value for e in at.exception]}"
    return at


def run_action(at: AppTest, action: Action) -> tuple[float, str | None]:
    """Apply and rerun; (seconds, problem or None)."""
    if not apply(at, action):
        return 0.0, None
    start = time.perf_counter()
    try:
        at.run()
    except RuntimeError as err:  # AppTest's own timeout: a hang
        return time.perf_counter() - start, f"no answer within {APP_TIMEOUT:.0f} s ({err})"
    seconds = time.perf_counter() - start
    if at.exception:
        return seconds, f"exception {at.exception[0].value[:300]}"
    if seconds > RUN_LIMIT:
        return seconds, f"took {seconds:.1f} s (limit {RUN_LIMIT:.0f} s)"
    return seconds, None


def single_action_repro(path: str, action: Action) -> str | None:
    at = fresh(path)
    _, problem = run_action(at, action)
    return problem


_RESULTS: dict[str, dict] = {}


@pytest.mark.parametrize("path", PAGES)
def test_every_widget_at_its_extremes(path):
    rng = random.Random(f"{path}:7")
    at = fresh(path)
    history: list[Action] = []
    tried: set[Action] = set()
    problems: list[str] = []
    slowest = (0.0, "")
    deadline = time.monotonic() + BUDGET
    while time.monotonic() < deadline:
        on_screen = widgets(at)
        pending = [a for (kind, _), w in sorted(on_screen.items()) for a in extremes(kind, w) if a not in tried]
        if not pending:
            break
        action = rng.choice(pending)
        tried.add(action)
        history.append(action)
        seconds, problem = run_action(at, action)
        if seconds > slowest[0]:
            slowest = (seconds, " ; ".join(a.describe() for a in history[-4:]))
        if problem:
            alone = single_action_repro(path, action)
            if alone:
                problems.append(f"{path}: {action.describe()} on a fresh session: {alone}")
            else:
                steps = " ; ".join(a.describe() for a in history)
                problems.append(f"{path}: after [{steps}]: {problem}")
            at, history = fresh(path), []  # go on exploring from a clean session
    _RESULTS[path] = {"actions": len(tried), "slowest_s": round(slowest[0], 2), "slowest_after": slowest[1],
                      "problems": len(problems)}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(_RESULTS, indent=2, ensure_ascii=False))
    assert not problems, "\n".join(problems[:20])
