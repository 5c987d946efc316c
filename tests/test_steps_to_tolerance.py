"""One meaning of "steps to tolerance" everywhere, and one best cell on the Sweep page (issue #13, item 5).

Before, Compare counted the first step that touched the tolerance and Sweep the first step from which
the run stayed within it; and Sweep's theory box named the fastest cell (lr 1.234, μ 0.44, 21 steps)
while the panel under it showed the lowest final loss (lr 1.234, μ 0.4243, from step 22).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import surfaces
from comparison.metrics import results_table, steps_to_tolerance
from landscapes import sweep as sw
from tests.test_page_compare import app as compare_app
from tests.test_pages_sweep_search import SWEEP
from ui.i18n import CATALOGUE

BOOK = surfaces.get("book_quadratic")


def test_a_dip_that_swings_out_again_is_not_counted():
    loss = np.array([5.0, 0.005, 2.0, 0.5, 0.009, 0.001])  # touches 0.01 at step 1, stays from step 4
    assert steps_to_tolerance(loss, 0.0, 0.01) == 4
    assert steps_to_tolerance(np.array([5.0, 1.0]), 0.0, 0.01) is None
    assert steps_to_tolerance(np.array([]), 0.0, 0.01) is None
    assert steps_to_tolerance(np.array([0.5, np.nan]), 0.0, 1.0) is None  # a NaN at the end is not within


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 10.0), min_size=1, max_size=40), st.floats(0.01, 10.0))
def test_the_step_found_is_the_settling_step(loss, tol):
    loss = np.array(loss)
    step = steps_to_tolerance(loss, 0.0, tol)
    if step is None:
        assert loss[-1] > tol
    else:
        assert (loss[step:] <= tol).all() and (step == 0 or loss[step - 1] > tol)
    # the Sweep's per-run array version says the same
    swept = sw.steps_to_tolerance(np.arange(len(loss)), loss[:, None], tol)[0]
    assert (np.isnan(swept) and step is None) or swept == step


def test_compare_and_sweep_count_a_cell_alike():
    """A cell opened on the Compare page shows the steps the Sweep gave it, for a momentum cell whose
    loss touches the tolerance well before it stays there."""
    spec = sw.default_spec(nx=16, ny=16, steps=300, start=BOOK.start)
    result = sw.run_sweep(BOOK, spec)
    checked = 0
    for j in range(spec.ny):
        for i in range(spec.nx):
            reached = result.steps_to_tol[j, i]
            if not np.isfinite(reached):
                continue
            traj = sw.cell_run(BOOK, spec, i, j)
            table = results_table(["cell"], [traj], BOOK.minima, spec.tol)
            assert table.loc[0, "steps_to_tolerance"] == int(reached)
            first_touch = int(np.flatnonzero(traj.loss[:, 0] <= spec.tol)[0])
            checked += first_touch < reached
    assert checked >= 5  # the two old definitions disagreed on these cells


def test_a_diverged_run_has_no_steps_to_tolerance():
    traj = sw.cell_run(BOOK, sw.default_spec(nx=4, ny=4, steps=60, start=BOOK.start), 3, 0)  # lr 2, μ 0
    assert traj.diverged_at[0] >= 0
    assert pd.isna(results_table(["lr 2"], [traj], BOOK.minima, 1e-6).loc[0, "steps_to_tolerance"])


def test_the_best_cell_is_one_cell_whatever_the_colour():
    spec = sw.default_spec(nx=24, ny=24, steps=300, start=BOOK.start)
    result = sw.run_sweep(BOOK, spec)
    i, j = result.best_cell()
    steps = result.steps_to_tol
    assert steps[j, i] == np.nanmin(steps)
    ties = steps == steps[j, i]
    assert result.gap[j, i] == result.gap[ties].min()
    # nothing reaches a tolerance below the round-off floor: the best cell is the lowest final loss
    none = sw.run_sweep(BOOK, sw.default_spec(nx=6, ny=6, steps=5, start=BOOK.start, tol=1e-30))
    i, j = none.best_cell()
    assert np.isnan(none.steps_to_tol).all() and none.gap[j, i] == np.nanmin(none.gap)


def cell_text(text: str) -> str:
    return re.search(r"lr — learning rate = [0-9.e+-]+, momentum μ = [0-9.e+-]+", text).group(0)


@pytest.mark.parametrize("metric", ["final_loss", "steps_to_tol"])
def test_the_theory_box_and_the_panel_name_the_same_cell_and_step(metric):
    at = AppTest.from_file(SWEEP, default_timeout=60)
    at.query_params["sweep.metric"] = metric
    at.run()
    assert not at.exception
    box = at.info[0].value
    panel = next(m.value for m in at.markdown if m.value.startswith("**Best cell**"))
    assert cell_text(box) == cell_text(panel) == "lr — learning rate = 1.234, momentum μ = 0.44"
    caption = next(c.value for c in at.caption if "of the minimum from step" in c.value)
    step = re.search(r"from step (\d+) on", caption).group(1)
    assert f"from step {step} on" in box and step == "21"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_pages_state_the_definition_in_their_help(lang):
    sweep = AppTest.from_file(SWEEP, default_timeout=60)
    sweep.session_state["lang"] = lang
    sweep.run()
    compare = compare_app(lang=lang)
    sweep_help = sweep.number_input(key="sweep.tol").help
    compare_help = compare.select_slider(key="compare.tol").help
    assert sweep_help == CATALOGUE["sweep.tol_help"][lang]
    assert compare_help == CATALOGUE["compare.tolerance_help"][lang]
    stays = {"en": "stays within", "zh": "始终不超过"}[lang]
    assert stays in sweep_help and stays in compare_help
    best = {"en": "in the fewest steps", "zh": "以最少步数达到容差"}[lang]  # the best cell, on the Sweep page
    assert best in sweep.radio(key="sweep.metric").help
