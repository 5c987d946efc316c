"""Hostile links on every page: each query key a page reads, set to garbage, never breaks the page.

A teacher's link can be mangled by a chat client, truncated, or typed by a curious student.  For
every page listed in ``ui.navigation.PAGES`` whose file exists (discovered, not hard-coded), this
finds the query keys the page reads — by recording every ``st.query_params`` lookup and every
``Page.bind`` (which ``UrlState.restore`` calls) during a run, plus the keys it publishes after a
widget changes — and then opens the page with those keys set to hostile values: random text, '',
'nan', 'inf', negatives, 1e308, 400 nines, unknown names, unicode, 5000-character strings, repeated keys.

Each run must: raise nothing (``not at.exception``); finish within ``RUN_LIMIT`` seconds; and for
every key whose value the page did not use, show a notice (``st.warning``/``st.error``) that names
the key — a link that silently falls back to defaults leaves the student wondering why the view
differs from the teacher's.
"""

from __future__ import annotations

import math
import os
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from streamlit.runtime.state.query_params_proxy import QueryParamsProxy
from streamlit.testing.v1 import AppTest

from ui.kit import Page
from ui.navigation import available_pages
from urlvalues import fmt

ROOT = Path(__file__).resolve().parents[1]
RUN_LIMIT = 15.0  # seconds a page may take on a hostile link (a hang fails long before the AppTest timeout)
APP_TIMEOUT = 60.0

PAGES = [p.path for p in available_pages()]
RUNS = 4  # hostile runs per page (each key meets 4 of the kinds below); DESCENT_LAB_FUZZ=full: all kinds
FULL = os.environ.get("DESCENT_LAB_FUZZ", "") == "full"

HOSTILE = {
    "text": "definitely not a value",
    "empty": "",
    "nan": "nan",
    "inf": "inf",
    "-inf": "-inf",
    "negative": "-1",
    "huge": "1e308",
    "-huge": "-1e308",
    "nines": "9" * 400,
    "tiny": "1e-320",
    "long": "x" * 5000,
    "unicode": "学习率🙂\u202e\u0000",
    "list": "1,2,3,4,5,6,7,8,9,10,11,12",
    "name": "sgdd",
    "markup": "<script>alert(1)</script>**bold**",
}


# ------------------------------------------------------------------------------------- helpers


def page_test(path: str, timeout: float = APP_TIMEOUT) -> AppTest:
    return AppTest.from_file(str(ROOT / path), default_timeout=timeout)


@contextmanager
def recording_reads():
    """Collect every key a run looks up in st.query_params or binds through the page kit."""
    keys: set[str] = set()
    original_get = QueryParamsProxy.__getitem__
    original_bind = Page.bind
    original_track = Page.track

    def getitem(self, key):
        keys.add(key)
        return original_get(self, key)

    def bind(self, key, *args, **kwargs):
        keys.add(key)
        return original_bind(self, key, *args, **kwargs)

    def track(self, key, *args, **kwargs):
        keys.add(key)
        return original_track(self, key, *args, **kwargs)

    QueryParamsProxy.__getitem__ = getitem
    Page.bind = bind
    Page.track = track
    try:
        yield keys
    finally:
        QueryParamsProxy.__getitem__ = original_get
        Page.bind = original_bind
        Page.track = original_track


def run_timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def exceptions(at: AppTest) -> list[str]:
    return [e.value if hasattr(e, "value") else str(e.proto) for e in at.exception]


def notices(at: AppTest) -> str:
    """All warning and error text of the last run, one string."""
    return "\n".join(str(e.value) for e in [*at.warning, *at.error])


_DISCOVERED: dict[str, tuple[set[str], dict]] = {}
_DISCOVERY_SECONDS: dict[str, float] = {}


def discover(path: str) -> tuple[set[str], dict]:
    """(query keys the page reads or publishes, default value of each key restored into session state)."""
    if path not in _DISCOVERED:
        with recording_reads() as keys:
            at = page_test(path)
            _DISCOVERY_SECONDS[path] = run_timed(at)
        assert not at.exception, f"{path} fails with no query string at all: {exceptions(at)}"
        keys.discard("")
        _DISCOVERED[path] = (keys, {k: at.session_state[k] for k in keys if k in at.session_state})
    return _DISCOVERED[path]


def equivalent(sent: str, value) -> bool:
    """Whether the page's value is what the link said (numbers compared as numbers)."""
    if isinstance(value, (list, tuple)):
        return sent == fmt(value)
    text = value if isinstance(value, str) else fmt(value)
    if sent == text:
        return True
    try:
        a, b = float(sent), float(text)
    except (TypeError, ValueError):
        return False
    return a == b or (math.isnan(a) and math.isnan(b))


def raises(path: str, params: dict) -> str | None:
    at = page_test(path)
    at.query_params.update(params)
    at.run()
    return exceptions(at)[0][:200] if at.exception else None


def culprit(path: str, params: dict) -> tuple[dict, str] | None:
    """A small part of ``params`` that still raises (halving while one half does), for a short repro."""
    items = list(params.items())
    error = None
    while len(items) > 1:
        half = len(items) // 2
        for part in (items[:half], items[half:]):
            error = raises(path, dict(part))
            if error:
                items = part
                break
        else:
            break  # only a combination of both halves raises
    if len(items) == 1:
        error = error or raises(path, dict(items))
    return (dict(items), error) if error else None


def check_hostile_run(path: str, params: dict[str, str | list[str]]) -> list[str]:
    """Open ``path`` with ``params``; return what went wrong (empty: fine)."""
    keys, defaults = discover(path)
    at = page_test(path)
    at.query_params.update(params)
    elapsed = run_timed(at)
    problems = []
    query = "&".join(f"{k}={(v if isinstance(v, str) else v[-1])[:40]!r}" for k, v in params.items())
    if at.exception:
        found = culprit(path, params) if len(params) > 1 else None
        if found:
            small, error = found
            shown = "&".join(f"{k}={(v if isinstance(v, str) else v[-1])[:40]!r}" for k, v in small.items())
            problems.append(f"{path}?{shown}: exception {error}")
        else:
            problems.append(f"{path}?{query}: exception {exceptions(at)[0][:300]}")
        return problems
    if elapsed > RUN_LIMIT:
        problems.append(f"{path}?{query}: took {elapsed:.1f} s (limit {RUN_LIMIT:.0f} s)")
    shown = notices(at)
    published = at.query_params
    for key, raw in params.items():
        sent = raw if isinstance(raw, str) else raw[-1]
        if key not in defaults:
            continue  # not restored into session state (an unknown or app-level key): no notice is owed
        now = at.session_state[key] if key in at.session_state else None
        kept = key in published and equivalent(sent, published[key] if isinstance(published[key], str)
                                               else published[key][-1])
        used = now is not None and equivalent(sent, now)
        if kept or used:
            continue
        if key not in shown:
            problems.append(f"{path}?{key}={sent[:40]!r}: value not used and no notice names {key!r}"
                            f" (page shows: {shown[:160]!r})")
    return problems


# ---------------------------------------------------------------------------------------- tests


def test_every_listed_page_is_fuzzed():
    assert PAGES, "no page file exists yet"
    assert "app_pages/compare.py" in PAGES


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_some_query_keys(path):
    keys, defaults = discover(path)
    assert defaults, f"{path} restores no state from the URL: a shared link would not restore the view"


def rotations(n_keys: int) -> list[list[str]]:
    """Runs of hostile values: in run r key i gets value i + r·stride, so each run mixes every kind
    and each key meets ``RUNS`` different kinds (all of them with DESCENT_LAB_FUZZ=full)."""
    values = list(HOSTILE.values())
    runs = len(values) if FULL else RUNS
    stride = -(-len(values) // runs)
    return [[values[(i + r * stride) % len(values)] for i in range(n_keys)] for r in range(runs)]


@pytest.mark.parametrize("path", PAGES)
def test_every_key_with_hostile_values(path):
    """Every key of the page at once, each set to a different kind of garbage, plus an unknown key."""
    keys, _ = discover(path)
    ordered = sorted(keys)
    problems = []
    runs = rotations(len(ordered))
    if not FULL and _DISCOVERY_SECONDS.get(path, 0) > 1.5:
        runs = runs[:2]  # a page that takes seconds per run (it trains a network): fewer, still mixed, runs
    for run in runs:
        params = dict(zip(ordered, run))
        params["no.such.key"] = run[0] if run else "x"
        problems += check_hostile_run(path, params)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
def test_repeated_keys_and_out_of_range_numbers(path):
    """?k=a&k=b (st.query_params reads the last), and numbers just outside any sensible range."""
    keys, _ = discover(path)
    repeated = {k: ["1", "not-a-number"] for k in sorted(keys)}
    assert not (problems := check_hostile_run(path, repeated)), "\n".join(problems)
    big = {k: "1e12" for k in sorted(keys)}
    assert not (problems := check_hostile_run(path, big)), "\n".join(problems)
    whole = {k: str(2**64) for k in sorted(keys)}
    assert not (problems := check_hostile_run(path, whole)), "\n".join(problems)


@pytest.mark.parametrize("path", PAGES)
@settings(max_examples=25 if FULL else 3, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          report_multiple_bugs=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_text_in_random_keys(path, data):
    keys, _ = discover(path)
    chosen = data.draw(st.lists(st.sampled_from(sorted(keys)), min_size=1, max_size=len(keys), unique=True))
    values = st.one_of(st.text(max_size=30), st.from_regex(r"-?[0-9]{0,30}(\.[0-9]{0,5})?(e-?[0-9]{1,4})?",
                                                           fullmatch=True))
    params = {k: data.draw(values) for k in chosen}
    problems = check_hostile_run(path, params)
    assert not problems, "\n".join(problems)


def test_app_survives_a_hostile_language_and_page():
    """The entry script: ?lang= garbage falls back to English; its pages still render."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    at.query_params.update({"lang": "klingon\u0000" * 50, "compare.steps": "nan"})
    at.run()
    assert not at.exception, exceptions(at)
    assert at.session_state["lang"] == "en"
